import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/**
 * A money column: the server's formatted amount (`formatted.<path>`, in the row's currency), right
 * aligned in lists. The raw minor units stay in the record for sorting and filtering.
 */
const MoneyValue: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const formatted = record?.params?.[`formatted.${property.path}`] as string | null | undefined
  const text = formatted ?? '—'
  const negative = typeof formatted === 'string' && formatted.includes('-')
  if (where === 'list') {
    return (
      <Text
        as="span"
        style={{
          fontVariantNumeric: 'tabular-nums',
          whiteSpace: 'nowrap',
          display: 'block',
          textAlign: 'right',
        }}
        color={negative ? 'error' : undefined}
        data-testid={`money-${property.path}`}
      >
        {text}
      </Text>
    )
  }
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      <Text style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`money-${property.path}`}>
        {text}
      </Text>
    </ValueGroup>
  )
}

export default MoneyValue
