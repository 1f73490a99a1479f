import React from 'react'
import { useTranslation, ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Badge, Box, Text, ValueGroup } from '@adminjs/design-system'
import { type PricingValue } from './catalog-shared'
import { readData } from '../actions/record-data'

const h = new ViewHelpers()

export interface ChoiceView {
  id: string
  label: string
  moduleValue: string | null
  sortOrder: number
  isHidden: boolean
  pricing: PricingValue
}

export interface OptionView {
  id: string
  name: string
  moduleKey: string | null
  type: 'DROPDOWN' | 'RADIO' | 'YES_NO' | 'QUANTITY'
  minQuantity: number
  maxQuantity: number
  unit: string | null
  sortOrder: number
  isHidden: boolean
  choices: ChoiceView[]
}

export interface OptionGroupView {
  id: string
  name: string
  description: string | null
  products: { id: string; name: string }[]
  options: OptionView[]
}

export const OPTION_TYPES: Record<OptionView['type'], string> = {
  DROPDOWN: 'Dropdown',
  RADIO: 'Radio buttons',
  YES_NO: 'Yes/no',
  QUANTITY: 'Quantity',
}

/**
 * A choice's prices in one line, in its first currency (the default one, the server sorts it first):
 * "USD +6.00 monthly, +60.00 annually", "included" when it costs nothing; the other currencies are
 * in the tooltip.
 */
export function choicePrices(
  pricing: PricingValue,
  cycleLabels: Record<string, string> = {},
): { text: string; title: string } {
  const lines = Object.entries(pricing).map(([currency, cycles]) => {
    const cells = Object.entries(cycles).filter(
      ([, c]) =>
        (c.amount && !/^0+(\.0+)?$/.test(c.amount)) || (c.setupFee && !/^0+(\.0+)?$/.test(c.setupFee)),
    )
    return cells.length
      ? `${currency} ${cells.map(([cycle, c]) => `+${c.amount}${c.setupFee ? ` (+${c.setupFee} setup)` : ''} ${cycleLabels[cycle] ?? cycle.toLowerCase().replace('_', '-')}`).join(', ')}`
      : ''
  })
  const priced = lines.filter(Boolean)
  if (!priced.length) return { text: Object.keys(pricing).length ? 'included' : 'no price: free', title: '' }
  return {
    text: `${priced[0]}${priced.length > 1 ? ` (+${priced.length - 1} more currencies)` : ''}`,
    title: priced.join('\n'),
  }
}

export const OptionGroupBlock: React.FC<{ group: OptionGroupView; link?: boolean }> = ({ group, link }) => (
  <Box mb="lg" data-testid={`option-group-${group.id}`}>
    <Text fontWeight="bold" mb="sm">
      {link ? (
        <a
          href={h.recordActionUrl({
            resourceId: 'ConfigOptionGroup',
            recordId: group.id,
            actionName: 'show',
          })}
        >
          {group.name}
        </a>
      ) : (
        group.name
      )}
    </Text>
    {group.options.length === 0 && <Text color="grey60">No options yet.</Text>}
    {group.options.map((o) => (
      <Box key={o.id} mb="default" pl="lg">
        <Text>
          <strong>{o.name}</strong>{' '}
          <Text as="span" color="grey60">
            · {OPTION_TYPES[o.type]}
            {o.type === 'QUANTITY' ? ` ${o.minQuantity}–${o.maxQuantity}${o.unit ? ` ${o.unit}` : ''}` : ''}
          </Text>
          {o.isHidden && (
            <Badge size="sm" ml="default">
              hidden
            </Badge>
          )}
        </Text>
        <ul style={{ margin: '4px 0 0', paddingLeft: 18, listStyle: 'disc' }}>
          {o.choices.map((c) => (
            <li key={c.id}>
              {o.type === 'QUANTITY' ? 'Per unit' : o.type === 'YES_NO' ? 'Yes' : c.label}:{' '}
              <Text as="span" color="grey60" title={choicePrices(c.pricing).title}>
                {choicePrices(c.pricing).text}
              </Text>
              {c.isHidden ? ' (hidden)' : ''}
            </li>
          ))}
          {o.choices.length === 0 && (
            <li>
              <Text as="span" color="error">
                No choice yet: clients cannot pick this option.
              </Text>
            </li>
          )}
        </ul>
      </Box>
    ))}
  </Box>
)

/** Read-only option groups of a product, or the options of one group (JSON param from the server). */
const OptionsSummary: React.FC<BasePropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation()
  const groups = readData<OptionGroupView[]>(record, property.path) ?? []
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {groups.length === 0 ? (
        <Text color="grey60">None</Text>
      ) : (
        groups.map((g) => (
          <OptionGroupBlock key={g.id} group={g} link={resource.id !== 'ConfigOptionGroup'} />
        ))
      )}
    </ValueGroup>
  )
}

export default OptionsSummary
