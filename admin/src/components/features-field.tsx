import React, { useState } from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { FormGroup, FormMessage, Label, Text, TextArea, ValueGroup } from '@adminjs/design-system'
import { errorsUnder, paramValue } from './catalog-shared'

/** A list of short texts (a product's features) edited as one textarea, one item per line. */
const FeaturesField: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const items = (paramValue<string[]>(record, property.path) ?? []).filter((s) => typeof s === 'string')
  const [text, setText] = useState(() => items.join('\n'))
  const label = translateProperty(property.label, resource.id)
  if (where === 'show' || where === 'list') {
    return (
      <ValueGroup label={label}>
        {items.length ? (
          <ul style={{ margin: 0, paddingLeft: 18, listStyle: 'disc' }} data-testid={`list-${property.path}`}>
            {items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        ) : (
          <Text color="grey60">—</Text>
        )}
      </ValueGroup>
    )
  }
  const errors = Object.values(errorsUnder(record?.errors, property.path))
  return (
    <FormGroup error={errors.length > 0}>
      <Label htmlFor={property.path}>{label}</Label>
      <TextArea
        id={property.path}
        name={property.path}
        rows={Math.min(12, Math.max(4, text.split('\n').length + 1))}
        width={1}
        value={text}
        onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
          setText(e.target.value)
          onChange?.(
            property.path,
            e.target.value
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }}
      />
      <FormMessage>{errors[0] ?? property.description}</FormMessage>
    </FormGroup>
  )
}

export default FeaturesField
