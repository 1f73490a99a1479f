import { describe, expect, it } from 'vitest'
import { formatDateOnly, parseDateOnly } from './billing-cycles'
import { priceConfiguration, type PriceConfigurationInput, type PromotionTerms } from './price-configuration'

const today = parseDateOnly('2025-01-31')

const product = {
  id: 'p1',
  name: 'VPS 1',
  isTaxable: true,
  prices: {
    MONTHLY: { amount: 1000n, setupFee: 500n },
    ANNUAL: { amount: 10000n, setupFee: 0n },
    ONE_TIME: { amount: 25000n, setupFee: 1000n },
  },
}
const ram = {
  optionId: 'ram',
  name: 'RAM',
  choiceId: 'ram4',
  label: '4 GB',
  quantity: 1,
  prices: { MONTHLY: { amount: 500n, setupFee: 0n }, ANNUAL: { amount: 5000n, setupFee: 0n } },
}
const ips = {
  optionId: 'ips',
  name: 'Extra IPs',
  choiceId: 'ip',
  label: '3',
  quantity: 3,
  prices: { MONTHLY: { amount: 300n, setupFee: 100n } },
}
const os = { optionId: 'os', name: 'OS', choiceId: 'debian', label: 'Debian', quantity: 1, prices: {} }
const backups = {
  addonId: 'bk',
  name: 'Daily backups',
  isTaxable: true,
  cycle: 'MONTHLY' as const,
  prices: { MONTHLY: { amount: 400n, setupFee: 0n } },
}
const ipAddon = {
  addonId: 'ip',
  name: 'Dedicated IP',
  isTaxable: false,
  cycle: 'ONE_TIME' as const,
  prices: { ONE_TIME: { amount: 1500n, setupFee: 0n } },
}

function promo(overrides: Partial<PromotionTerms>): PromotionTerms {
  return {
    id: 'promo',
    code: 'P',
    kind: 'PERCENT',
    percent: 100000,
    fixedAmount: null,
    appliesToSetup: false,
    isRecurring: false,
    recurringCycles: null,
    cycles: [],
    productIds: [],
    ...overrides,
  }
}
const vat20 = { rates: [{ name: 'VAT', rate: 200000, level: 1 }], mode: 'EXCLUSIVE' as const }

type Row = [
  string,
  Partial<PriceConfigurationInput>,
  {
    recurring: bigint
    setupFees: bigint
    discountFirst: bigint
    discountRecurring: bigint
    tax: bigint
    dueToday: bigint
    nextDue: string | null
    after?: bigint
  },
]

const rows: Row[] = [
  [
    'product only, monthly, with setup fee',
    {},
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 1500n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'annual cycle: its own price, no setup fee',
    { cycle: 'ANNUAL' },
    {
      recurring: 10000n,
      setupFees: 0n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 10000n,
      nextDue: '2026-01-31',
    },
  ],
  [
    'one-time: no recurring amount, no next due date',
    { cycle: 'ONE_TIME' },
    {
      recurring: 0n,
      setupFees: 1000n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 26000n,
      nextDue: null,
    },
  ],
  [
    'options: a choice, a quantity (per unit, setup per unit) and a free choice',
    { options: [ram, ips, os] },
    {
      recurring: 2400n,
      setupFees: 800n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 3200n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'a choice without a price in the cycle costs nothing',
    { cycle: 'ANNUAL', options: [ram, os] },
    {
      recurring: 15000n,
      setupFees: 0n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 15000n,
      nextDue: '2026-01-31',
    },
  ],
  [
    'addons: recurring at the product cycle, one-time once',
    { addons: [backups, ipAddon] },
    {
      recurring: 1400n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 3400n,
      nextDue: '2025-02-28',
    },
  ],
  [
    '10% one-time promotion: first payment only, package only',
    { options: [ram], addons: [backups], promotion: promo({}) },
    {
      recurring: 1900n,
      setupFees: 500n,
      discountFirst: 150n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 2250n,
      nextDue: '2025-02-28',
      after: 1900n,
    },
  ],
  [
    '10% also on setup fees',
    { promotion: promo({ appliesToSetup: true }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 150n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 1350n,
      nextDue: '2025-02-28',
    },
  ],
  [
    '25% recurring for 3 payments',
    { promotion: promo({ percent: 250000, isRecurring: true, recurringCycles: 3 }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 250n,
      discountRecurring: 250n,
      tax: 0n,
      dueToday: 1250n,
      nextDue: '2025-02-28',
      after: 750n,
    },
  ],
  [
    'recurring for 1 payment: nothing after the first',
    { promotion: promo({ isRecurring: true, recurringCycles: 1 }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 100n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 1400n,
      nextDue: '2025-02-28',
      after: 1000n,
    },
  ],
  [
    'percent rounds half-up: 15% of 1010 = 151.5 → 152',
    {
      product: { ...product, prices: { MONTHLY: { amount: 1010n, setupFee: 0n } } },
      promotion: promo({ percent: 150000 }),
    },
    {
      recurring: 1010n,
      setupFees: 0n,
      discountFirst: 152n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 858n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'fixed amount, capped at the package price',
    { promotion: promo({ kind: 'FIXED', percent: null, fixedAmount: 5000n, isRecurring: true }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 1000n,
      discountRecurring: 1000n,
      tax: 0n,
      dueToday: 500n,
      nextDue: '2025-02-28',
      after: 0n,
    },
  ],
  [
    'fixed amount spills onto setup fees when it applies to them',
    { promotion: promo({ kind: 'FIXED', percent: null, fixedAmount: 1200n, appliesToSetup: true }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 1200n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 300n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'promotion for another product: no discount',
    { promotion: promo({ productIds: ['other'] }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 1500n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'promotion for another cycle: no discount',
    { promotion: promo({ cycles: ['ANNUAL'] }) },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 0n,
      dueToday: 1500n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'exclusive tax on the discounted first payment',
    { promotion: promo({}), tax: vat20 },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 100n,
      discountRecurring: 0n,
      tax: 280n,
      dueToday: 1680n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'non-taxable addon is left out of the tax base',
    { addons: [ipAddon], tax: vat20 },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 300n,
      dueToday: 3300n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'inclusive tax is extracted, the total is the price',
    { tax: { rates: vat20.rates, mode: 'INCLUSIVE' } },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 250n,
      dueToday: 1500n,
      nextDue: '2025-02-28',
    },
  ],
  [
    'two rates (state + county), each rounded once',
    {
      tax: {
        rates: [
          { name: 'State', rate: 62500, level: 1 },
          { name: 'County', rate: 22500, level: 1 },
        ],
        mode: 'EXCLUSIVE',
      },
    },
    {
      recurring: 1000n,
      setupFees: 500n,
      discountFirst: 0n,
      discountRecurring: 0n,
      tax: 128n,
      dueToday: 1628n,
      nextDue: '2025-02-28',
    },
  ],
]

describe('priceConfiguration', () => {
  it.each(rows)('%s', (_name, overrides, expected) => {
    const b = priceConfiguration({ currency: 'USD', cycle: 'MONTHLY', product, today, ...overrides })
    expect({
      recurring: b.recurring,
      setupFees: b.setupFees,
      discountFirst: b.discount.firstPayment,
      discountRecurring: b.discount.recurring,
      tax: b.tax.total,
      dueToday: b.dueToday,
      nextDue: b.nextDueDate ? formatDateOnly(b.nextDueDate) : null,
      ...(expected.after === undefined ? {} : { after: b.recurringAfterDiscount }),
    }).toEqual(expected)
  })

  it('lists each line with its cycle and the period the first payment covers', () => {
    const b = priceConfiguration({
      currency: 'USD',
      cycle: 'MONTHLY',
      product,
      today,
      options: [ips],
      addons: [ipAddon],
    })
    expect(
      b.lines.map((l) => [l.kind, l.description, l.cycle, l.firstAmount, l.recurring, l.setupFee]),
    ).toEqual([
      ['product', 'VPS 1', 'MONTHLY', 1000n, 1000n, 500n],
      ['option', 'Extra IPs: 3', 'MONTHLY', 900n, 900n, 300n],
      ['addon', 'Dedicated IP', 'ONE_TIME', 1500n, 0n, 0n],
    ])
    expect([formatDateOnly(b.periodStart), formatDateOnly(b.periodEnd!)]).toEqual([
      '2025-01-31',
      '2025-02-27',
    ])
  })

  it('recurring promotions keep counting the cycles left after the first payment', () => {
    expect(
      priceConfiguration({
        currency: 'USD',
        cycle: 'MONTHLY',
        product,
        today,
        promotion: promo({ isRecurring: true, recurringCycles: 3 }),
      }).discount.laterCycles,
    ).toBe(2)
    expect(
      priceConfiguration({
        currency: 'USD',
        cycle: 'MONTHLY',
        product,
        today,
        promotion: promo({ isRecurring: true, recurringCycles: null }),
      }).discount.laterCycles,
    ).toBeNull()
    expect(
      priceConfiguration({ currency: 'USD', cycle: 'MONTHLY', product, today, promotion: promo({}) }).discount
        .laterCycles,
    ).toBe(0)
  })

  it('refuses a cycle the product is not offered in, and negative quantities', () => {
    expect(() => priceConfiguration({ currency: 'USD', cycle: 'QUARTERLY', product, today })).toThrow(
      RangeError,
    )
    expect(() =>
      priceConfiguration({
        currency: 'USD',
        cycle: 'MONTHLY',
        product,
        today,
        options: [{ ...ips, quantity: -1 }],
      }),
    ).toThrow(RangeError)
    expect(() =>
      priceConfiguration({
        currency: 'USD',
        cycle: 'MONTHLY',
        product,
        today,
        addons: [{ ...backups, cycle: 'ANNUAL' }],
      }),
    ).toThrow(RangeError)
  })
})
