import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/**
 * A value from a fixed list shown with its label as written ("When the first invoice is paid"),
 * where AdminJS's default would re-case it ("When The First Invoice Is Paid").
 */
const ValueLabel: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const raw = record?.params?.[property.path]
  const option = property.availableValues?.find((o) => String(o.value) === String(raw))
  const text = raw === undefined || raw === null || raw === '' ? '—' : (option?.label ?? String(raw))
  if (where === 'list') return <Text>{text}</Text>
  return <ValueGroup label={translateProperty(property.label, resource.id)}>{text}</ValueGroup>
}

export default ValueLabel
