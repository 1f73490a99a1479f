import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Badge, ValueGroup } from '@adminjs/design-system'

type Variant = 'success' | 'danger' | 'info' | 'secondary' | 'default'

/** Status values of every resource, coloured by what they mean. */
const VARIANTS: Record<string, Variant> = {
  ACTIVE: 'success',
  SENT: 'success',
  SUCCEEDED: 'success',
  INACTIVE: 'secondary',
  DISABLED: 'secondary',
  NOT_SENT: 'info',
  QUEUED: 'info',
  RUNNING: 'info',
  SKIPPED: 'secondary',
  CLOSED: 'danger',
  FAILED: 'danger',
  // Orders, services, staff tasks, cancellation requests, module calls.
  PENDING: 'info',
  SUSPENDED: 'danger',
  TERMINATED: 'secondary',
  CANCELLED: 'secondary',
  FRAUD: 'danger',
  OPEN: 'info',
  DONE: 'success',
  WITHDRAWN: 'secondary',
  REJECTED: 'secondary',
}

const label = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ')

const StatusBadge: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const value = String(record?.params?.[property.path] ?? '')
  const badge = value ? (
    <Badge size="sm" variant={VARIANTS[value] ?? 'default'} data-testid={`status-${value}`}>
      {label(value)}
    </Badge>
  ) : null
  if (where === 'list') return badge
  return <ValueGroup label={translateProperty(property.label, resource.id)}>{badge ?? '—'}</ValueGroup>
}

export default StatusBadge
