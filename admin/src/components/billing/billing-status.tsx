import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Badge, ValueGroup } from '@adminjs/design-system'
import { statusLabel, statusVariant } from './labels'

/** Billing statuses and kinds as coloured badges: overdue in red, partially paid apart from unpaid. */
const BillingStatus: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const value = String(record?.params?.[property.path] ?? '')
  const badge = value ? (
    <Badge
      size="sm"
      variant={statusVariant(value)}
      data-testid={`status-${value}`}
      style={{ whiteSpace: 'nowrap' }}
    >
      {statusLabel(value)}
    </Badge>
  ) : null
  if (where === 'list') return badge
  return <ValueGroup label={translateProperty(property.label, resource.id)}>{badge ?? '—'}</ValueGroup>
}

export default BillingStatus
