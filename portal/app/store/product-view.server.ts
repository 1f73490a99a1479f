import { addonCycleFor, type OrderableProduct } from '@berth/core'
import { CYCLE_LABEL, PRODUCT_TYPE } from './labels'
import { perCycle, type Money } from './view.server'

/** The product as its configuration form shows it: every price a string, per cycle. */
export function productView(m: Money, p: OrderableProduct & { isInStock?: boolean }) {
  const each = <T>(fn: (cycle: string) => T) =>
    Object.fromEntries(p.cycles.map((c) => [c, fn(c)])) as Record<string, T>
  const plus = (amount: bigint | undefined, cycle: string, suffix = '') =>
    amount && amount > 0n ? `+${perCycle(m, amount, cycle)}${suffix}` : null
  return {
    id: p.id,
    name: p.name,
    groupSlug: p.groupSlug,
    groupName: p.groupName,
    type: PRODUCT_TYPE[p.type] ?? '',
    description: p.description,
    features: p.features,
    isInStock: p.isInStock ?? true,
    domainRequirement: p.domainRequirement,
    cycles: p.cycles.map((c) => ({
      cycle: c,
      label: CYCLE_LABEL[c] ?? c,
      price: perCycle(m, p.prices[c]!.amount, c),
      setupFee: p.prices[c]!.setupFee > 0n ? m.of(p.prices[c]!.setupFee) : null,
    })),
    options: p.options.map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      min: o.minQuantity,
      max: o.maxQuantity,
      unit: o.unit,
      choices: o.choices.map((ch) => ({
        id: ch.id,
        label: ch.label,
        price: each((c) =>
          plus(ch.prices[c as keyof typeof ch.prices]?.amount, c, o.type === 'QUANTITY' ? ' each' : ''),
        ),
        setupFee: each((c) => {
          const fee = ch.prices[c as keyof typeof ch.prices]?.setupFee
          return fee && fee > 0n ? `+ ${m.of(fee)} setup${o.type === 'QUANTITY' ? ' each' : ''}` : null
        }),
      })),
    })),
    addons: p.addons.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      price: each((c) => {
        const cycle = addonCycleFor(a, c as Parameters<typeof addonCycleFor>[1])
        const price = cycle ? a.prices[cycle] : undefined
        if (!cycle || !price) return null
        return `${perCycle(m, price.amount, cycle)}${price.setupFee > 0n ? ` + ${m.of(price.setupFee)} setup` : ''}`
      }),
    })),
  }
}

export type ProductView = ReturnType<typeof productView>
export type OptionView = ProductView['options'][number]
