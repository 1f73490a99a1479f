import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { FormGroup, Label, Text, ValueGroup } from '@adminjs/design-system'
import PricingGrid from './pricing-grid'
import { errorsUnder, paramValue, type CycleColumn, type PricingValue } from './catalog-shared'

/** The `pricing` property of products and addons: the pricing table in forms, read-only on show. */
const PricingTable: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const props = (property.props ?? {}) as { currencies?: string[]; cycles?: CycleColumn[] }
  const value = paramValue<PricingValue>(record, property.path) ?? {}
  const label = translateProperty(property.label, resource.id)
  if (where === 'list') return <Text>{Object.keys(value).join(', ') || '—'}</Text>
  if (where === 'show') {
    return (
      <ValueGroup label={label}>
        <PricingGrid
          value={value}
          currencies={props.currencies ?? []}
          cycles={props.cycles ?? []}
          readOnly
          prefix={property.path}
        />
      </ValueGroup>
    )
  }
  const errors = errorsUnder(record?.errors, property.path)
  return (
    <FormGroup error={Object.keys(errors).length > 0}>
      <Label>{label}</Label>
      {property.description && (
        <Text fontSize="sm" color="grey60" mb="default">
          {property.description}
        </Text>
      )}
      <PricingGrid
        value={value}
        currencies={props.currencies ?? []}
        cycles={props.cycles ?? []}
        errors={errors}
        prefix={property.path}
        onChange={(currency, cycle, field, text) =>
          onChange?.(`${property.path}.${currency}.${cycle}.${field}`, text)
        }
      />
    </FormGroup>
  )
}

export default PricingTable
