import React, { useState } from 'react'
import { flat, type ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, MessageBox, Text } from '@adminjs/design-system'
import PricingGrid from './pricing-grid'
import { paramValue, type CycleColumn, type PricingValue } from './catalog-shared'
import { useRecordAction } from './use-record-action'

/** "Prices" on a product or addon: the pricing table alone, saved with core's setPrices. */
const PricesAction: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const pricingProperty = resource.properties.pricing
  const props = (pricingProperty?.props ?? {}) as { currencies?: string[]; cycles?: CycleColumn[] }
  const [value, setValue] = useState<PricingValue>(() => paramValue<PricingValue>(record, 'pricing') ?? {})
  const [errors, setErrors] = useState<Record<string, string>>({})
  if (!record) return null

  const change = (currency: string, cycle: string, field: 'amount' | 'setupFee', text: string) =>
    setValue((v) => ({
      ...v,
      [currency]: { ...(v[currency] ?? {}), [cycle]: { ...(v[currency]?.[cycle] ?? {}), [field]: text } },
    }))

  const save = async () => {
    // Every cell is sent, empty ones included, so an emptied cell removes that price.
    const cells: PricingValue = {}
    for (const currency of new Set([...(props.currencies ?? []), ...Object.keys(value)])) {
      for (const { cycle } of props.cycles ?? [])
        (cells[currency] ??= {})[cycle] = {
          amount: value[currency]?.[cycle]?.amount ?? '',
          setupFee: value[currency]?.[cycle]?.setupFee ?? '',
        }
    }
    const outcome = await send({ data: flat.flatten({ pricing: cells }) })
    if (outcome.status === 'failed')
      return addNotice({ message: 'Saving failed. Please try again.', type: 'error' })
    if (outcome.status !== 'refused') return
    setErrors(
      Object.fromEntries(
        Object.entries(outcome.errors).filter(([path]) => path === 'pricing' || path.startsWith('pricing.')),
      ),
    )
    if (outcome.notice) addNotice(outcome.notice)
  }

  return (
    <Box variant="container" data-testid="prices-action">
      <H4 mb="sm">Prices of {record.title}</H4>
      <Text color="grey60" mb="lg">
        {pricingProperty?.description ?? 'One row per currency, one column per billing cycle.'}
      </Text>
      <PricingGrid
        value={value}
        currencies={props.currencies ?? []}
        cycles={props.cycles ?? []}
        errors={errors}
        onChange={change}
      />
      {Object.keys(errors).length > 0 && (
        <MessageBox mt="lg" variant="danger" message="Nothing was saved: correct the prices marked in red." />
      )}
      <Box mt="xl">
        <Button variant="contained" onClick={save} disabled={busy} data-testid="save-prices">
          {busy ? <Icon icon="Loader" spin /> : null}
          Save prices
        </Button>
      </Box>
    </Box>
  )
}

export default PricesAction
