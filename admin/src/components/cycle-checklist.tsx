import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Box, CheckBox, FormGroup, FormMessage, Label, Text, ValueGroup } from '@adminjs/design-system'
import { errorsUnder, paramValue, type CycleColumn } from './catalog-shared'

/** A list of billing cycles (a promotion's) as checkboxes; none ticked means every cycle. */
const CycleChecklist: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const cycles = (property.props as { cycles?: CycleColumn[] } | undefined)?.cycles ?? []
  const selected = (paramValue<string[]>(record, property.path) ?? []).filter(Boolean)
  const label = translateProperty(property.label, resource.id)
  const names = selected.map((s) => cycles.find((c) => c.cycle === s)?.label ?? s)
  if (where !== 'edit') {
    const text = names.length ? names.join(', ') : 'Every cycle'
    return where === 'list' ? <Text>{text}</Text> : <ValueGroup label={label}>{text}</ValueGroup>
  }
  const errors = Object.values(errorsUnder(record?.errors, property.path))
  const toggle = (cycle: string) =>
    onChange?.(
      property.path,
      selected.includes(cycle)
        ? selected.filter((c) => c !== cycle)
        : cycles.map((c) => c.cycle).filter((c) => c === cycle || selected.includes(c)),
    )
  return (
    <FormGroup error={errors.length > 0}>
      <Label>{label}</Label>
      <Box flex flexDirection="row" flexWrap="wrap" data-testid={`cycles-${property.path}`}>
        {cycles.map((c) => {
          const id = `${property.path}-${c.cycle}`
          return (
            <Box key={c.cycle} flex flexDirection="row" alignItems="center" mr="xl" mb="default">
              <CheckBox id={id} checked={selected.includes(c.cycle)} onChange={() => toggle(c.cycle)} />
              <Label inline htmlFor={id} ml="default" style={{ cursor: 'pointer' }}>
                {c.label}
              </Label>
            </Box>
          )
        })}
      </Box>
      <FormMessage>{errors[0] ?? property.description}</FormMessage>
    </FormGroup>
  )
}

export default CycleChecklist
