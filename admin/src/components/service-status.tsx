import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Badge, Text, ValueGroup } from '@adminjs/design-system'
import { humanStatus } from './catalog-shared'

const VARIANTS: Record<string, 'success' | 'danger' | 'info' | 'secondary' | 'default'> = {
  ACTIVE: 'success',
  PENDING: 'info',
  SUSPENDED: 'danger',
  TERMINATED: 'secondary',
  CANCELLED: 'secondary',
  FRAUD: 'danger',
}

/** A service's status, flagged when its last provisioning call failed (it waits for a retry). */
const ServiceStatus: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const value = String(record?.params?.[property.path] ?? '')
  const failing = Boolean(record?.params?.lastModuleError)
  const body = (
    <>
      <Badge size="sm" variant={VARIANTS[value] ?? 'default'} data-testid={`status-${value}`}>
        {humanStatus(value)}
      </Badge>
      {failing && (
        <Text
          as="span"
          color="error"
          fontSize="sm"
          ml="default"
          style={{ whiteSpace: 'nowrap' }}
          title={String(record?.params?.lastModuleError)}
          data-testid="module-failing"
        >
          ⚠ module error
        </Text>
      )}
    </>
  )
  if (where === 'list') return body
  return <ValueGroup label={translateProperty(property.label, resource.id)}>{body}</ValueGroup>
}

export default ServiceStatus
