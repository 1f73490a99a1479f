import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Box, FormGroup, FormMessage, Input, Label, Select, Text, ValueGroup } from '@adminjs/design-system'
import { errorsUnder, paramValue } from './catalog-shared'

const KINDS = [
  { value: 'PERCENT', label: 'A percentage off' },
  { value: 'FIXED', label: 'A fixed amount off, per currency' },
]

/**
 * What a promotion is worth: a percentage, or an amount per currency (decimals, e.g. 5.00). The kind
 * is chosen once, when the promotion is created. How often each is taken off an order (one use per
 * order: docs/decisions/0025-promotion-uses.md) is said on the form and the show page.
 */
const HOW_APPLIED = {
  PERCENT: 'Taken off every product of the order it applies to; the order counts as one use.',
  FIXED:
    'Taken once per order (one use): off the first product in the cart it applies to, not off each product.',
} as const
const PromotionValue: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const currencies = (property.props as { currencies?: string[] } | undefined)?.currencies ?? []
  const kind = String(record?.params?.kind ?? '')
  const percent = String(record?.params?.percentText ?? '')
  const amounts = paramValue<Record<string, string>>(record, 'amounts') ?? {}
  const label = translateProperty(property.label, resource.id)
  const fixedText = Object.entries(amounts)
    .filter(([, v]) => v)
    .map(([c, v]) => `${v} ${c}`)
    .join(' · ')
  if (where !== 'edit') {
    const text = kind === 'PERCENT' ? `${percent}% off` : kind === 'FIXED' ? `${fixedText || '—'} off` : '—'
    if (where === 'list') return <Text>{text}</Text>
    const how = kind === 'PERCENT' || kind === 'FIXED' ? HOW_APPLIED[kind] : null
    return (
      <ValueGroup label={label}>
        {text}
        {how ? (
          <Text fontSize="sm" color="grey60" data-testid="promotion-how-applied">
            {how}
          </Text>
        ) : null}
      </ValueGroup>
    )
  }
  const isNew = !record?.id
  const errors = {
    ...errorsUnder(record?.errors, 'amounts'),
    ...errorsUnder(record?.errors, 'percentText'),
    ...errorsUnder(record?.errors, 'kind'),
  }
  return (
    <Box mb="xl" data-testid="promotion-value">
      <FormGroup error={Boolean(errors.kind)}>
        <Label htmlFor="kind" required>
          {label}
        </Label>
        <Select
          inputId="kind"
          isDisabled={!isNew}
          value={KINDS.find((k) => k.value === kind) ?? null}
          options={KINDS}
          onChange={(s: { value: string } | null) => onChange?.('kind', s?.value ?? '')}
        />
        <FormMessage>
          {errors.kind ??
            (isNew ? 'Chosen once: it cannot change later.' : 'The kind of a promotion cannot change.')}
        </FormMessage>
      </FormGroup>
      {kind === 'PERCENT' && (
        <FormGroup error={Boolean(errors.percentText)}>
          <Label htmlFor="percentText" required>
            Percentage off
          </Label>
          <Box flex flexDirection="row" alignItems="center">
            <Input
              id="percentText"
              name="percentText"
              inputMode="decimal"
              style={{ width: 120 }}
              value={percent}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange?.('percentText', e.target.value)}
            />
            <Text ml="default">%</Text>
          </Box>
          <FormMessage>
            {errors.percentText ?? `E.g. 10 or 12.5 (up to 4 decimals). ${HOW_APPLIED.PERCENT}`}
          </FormMessage>
        </FormGroup>
      )}
      {kind === 'FIXED' && (
        <FormGroup error={Object.keys(errors).some((k) => k.startsWith('amounts'))}>
          <Label required>Amount off</Label>
          <Box flex flexDirection="row" flexWrap="wrap">
            {[...new Set([...currencies, ...Object.keys(amounts)])].map((c) => (
              <Box key={c} mr="lg" mb="default">
                <Label htmlFor={`amounts.${c}`}>{c}</Label>
                <Input
                  id={`amounts.${c}`}
                  name={`amounts.${c}`}
                  inputMode="decimal"
                  style={{ width: 120 }}
                  value={amounts[c] ?? ''}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                    onChange?.(`amounts.${c}`, e.target.value)
                  }
                />
                {errors[`amounts.${c}`] && (
                  <Text color="error" fontSize="sm">
                    {errors[`amounts.${c}`]}
                  </Text>
                )}
              </Box>
            ))}
          </Box>
          <FormMessage>
            {errors.amounts ??
              `In each currency the promotion is valid in; leave the others empty. ${HOW_APPLIED.FIXED}`}
          </FormMessage>
        </FormGroup>
      )}
    </Box>
  )
}

export default PromotionValue
