import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/**
 * A date-only column (issue and due dates): shown as the calendar day it is, never shifted by the
 * viewer's time zone (the value is midnight UTC).
 */
export function formatDay(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return '—'
  const [y, m, d] = value.slice(0, 10).split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  })
}

const BillingDate: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const text = formatDay(record?.params?.[property.path])
  if (where === 'list')
    return (
      <Text as="span" style={{ whiteSpace: 'nowrap' }}>
        {text}
      </Text>
    )
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      <Text>{text}</Text>
    </ValueGroup>
  )
}

export default BillingDate
