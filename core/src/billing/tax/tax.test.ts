import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { computeInvoiceTotals, type TaxRate, type TotalsItem } from './compute-invoice-totals'
import { resolveTaxRates, REVERSE_CHARGE_NOTE } from './resolve-tax-rates'

const t = (amount: bigint): TotalsItem => ({ amount, isTaxable: true })
const n = (amount: bigint): TotalsItem => ({ amount, isTaxable: false })
const VAT20: TaxRate = { name: 'VAT', rate: 200000, level: 1 }
const GST5: TaxRate = { name: 'GST', rate: 50000, level: 1 }
const QST_COMPOUND: TaxRate = { name: 'QST', rate: 99750, level: 2, isCompound: true }
const QST_PLAIN: TaxRate = { name: 'QST', rate: 99750, level: 2, isCompound: false }

describe('computeInvoiceTotals: exclusive prices', () => {
  it.each<[string, TotalsItem[], TaxRate[], { subtotal: bigint; taxes: bigint[]; total: bigint }]>([
    ['no tax rates', [t(1000n), n(500n)], [], { subtotal: 1500n, taxes: [], total: 1500n }],
    [
      '20% on the taxable lines only',
      [t(1999n), t(1999n), n(500n)],
      [VAT20],
      { subtotal: 4498n, taxes: [800n], total: 5298n },
    ],
    // per line would be 13 + 13 + 13 = 39; on the sum 37.5 → 38
    [
      'tax on the sum, not per line',
      [t(125n), t(125n), t(125n)],
      [{ name: 'T', rate: 100000, level: 1 }],
      { subtotal: 375n, taxes: [38n], total: 413n },
    ],
    [
      'half-up at exactly .5',
      [t(25n)],
      [{ name: 'T', rate: 100000, level: 1 }],
      { subtotal: 25n, taxes: [3n], total: 28n },
    ],
    [
      'several level-1 rates',
      [t(10000n)],
      [
        { name: 'State', rate: 62500, level: 1 },
        { name: 'City', rate: 20000, level: 1 },
      ],
      { subtotal: 10000n, taxes: [625n, 200n], total: 10825n },
    ],
    [
      'compound level 2 (on base + level 1 tax)',
      [t(10000n)],
      [GST5, QST_COMPOUND],
      { subtotal: 10000n, taxes: [500n, 1047n], total: 11547n },
    ],
    [
      'plain level 2 (on the base)',
      [t(10000n)],
      [QST_PLAIN, GST5],
      { subtotal: 10000n, taxes: [500n, 998n], total: 11498n },
    ],
    [
      'a zero rate',
      [t(5000n)],
      [{ name: 'Zero-rated', rate: 0, level: 1 }],
      { subtotal: 5000n, taxes: [0n], total: 5000n },
    ],
    ['reverse charge (no rates resolved)', [t(10000n)], [], { subtotal: 10000n, taxes: [], total: 10000n }],
    [
      'a taxable discount lowers the base',
      [t(10000n), t(-2500n)],
      [VAT20],
      { subtotal: 7500n, taxes: [1500n], total: 9000n },
    ],
    [
      'a discount above the taxable lines taxes zero',
      [t(1000n), t(-3000n), n(5000n)],
      [VAT20],
      { subtotal: 3000n, taxes: [0n], total: 3000n },
    ],
    [
      'a non-taxable discount keeps the base',
      [t(10000n), n(-1000n)],
      [VAT20],
      { subtotal: 9000n, taxes: [2000n], total: 11000n },
    ],
    [
      'IDR beyond 2^53',
      [t(9007199254740993n)],
      [{ name: 'PPN', rate: 110000, level: 1 }],
      { subtotal: 9007199254740993n, taxes: [990791918021509n], total: 9997991172762502n },
    ],
    [
      'JPY (exponent 0)',
      [t(1234n)],
      [{ name: '消費税', rate: 100000, level: 1 }],
      { subtotal: 1234n, taxes: [123n], total: 1357n },
    ],
    ['an empty invoice', [], [VAT20], { subtotal: 0n, taxes: [0n], total: 0n }],
  ])('%s', (_name, items, rates, expected) => {
    const totals = computeInvoiceTotals(items, rates, 'EXCLUSIVE')
    expect(totals.subtotal).toBe(expected.subtotal)
    expect(totals.taxLines.map((l) => l.amount)).toEqual(expected.taxes)
    expect(totals.taxTotal).toBe(expected.taxes.reduce((a, b) => a + b, 0n))
    expect(totals.total).toBe(expected.total)
    expect(totals.total).toBe(totals.subtotal + totals.taxTotal)
  })

  it('orders tax lines by level and reports each base', () => {
    const totals = computeInvoiceTotals([t(10000n)], [QST_COMPOUND, GST5], 'EXCLUSIVE')
    expect(totals.taxLines).toEqual([
      { name: 'GST', rate: 50000, level: 1, base: 10000n, amount: 500n },
      { name: 'QST', rate: 99750, level: 2, base: 10500n, amount: 1047n },
    ])
  })

  it('refuses rates outside 0..100%', () => {
    expect(() => computeInvoiceTotals([t(1n)], [{ name: 'bad', rate: 1_000_001, level: 1 }])).toThrow(
      RangeError,
    )
    expect(() => computeInvoiceTotals([t(1n)], [{ name: 'bad', rate: -1, level: 1 }])).toThrow(RangeError)
    expect(() => computeInvoiceTotals([t(1n)], [{ name: 'bad', rate: 0.5, level: 1 }])).toThrow(RangeError)
  })
})

describe('computeInvoiceTotals: inclusive prices', () => {
  it.each<
    [
      string,
      TotalsItem[],
      TaxRate[],
      { subtotal: bigint; base: bigint | null; taxes: bigint[]; total: bigint },
    ]
  >([
    ['20% out of 12.00', [t(1200n)], [VAT20], { subtotal: 1000n, base: 1000n, taxes: [200n], total: 1200n }],
    // 1000 / 1.2 = 833.33 → 833; 833 × 20% = 166.6 → 167; subtotal absorbs: 1000 − 167 = 833
    ['20% out of 10.00', [t(1000n)], [VAT20], { subtotal: 833n, base: 833n, taxes: [167n], total: 1000n }],
    // 999 / 1.2 = 832.5 → 833 (half-up); 833 × 20% → 167; subtotal 999 − 167 = 832
    [
      '20% out of 9.99 (the subtotal absorbs the rounding)',
      [t(999n)],
      [VAT20],
      { subtotal: 832n, base: 833n, taxes: [167n], total: 999n },
    ],
    [
      'non-taxable lines carry no tax',
      [t(1200n), n(300n)],
      [VAT20],
      { subtotal: 1300n, base: 1000n, taxes: [200n], total: 1500n },
    ],
    // factor 1.05 × 1.09975 = 1.1547375; 11547 / 1.1547375 = 9999.68 → 10000
    [
      'compound level 2',
      [t(11547n)],
      [GST5, QST_COMPOUND],
      { subtotal: 10000n, base: 10000n, taxes: [500n, 1047n], total: 11547n },
    ],
    // factor 1.05 + 0.09975 = 1.14975; 11498 / 1.14975 = 10000.43 → 10000
    [
      'plain level 2',
      [t(11498n)],
      [GST5, QST_PLAIN],
      { subtotal: 10000n, base: 10000n, taxes: [500n, 998n], total: 11498n },
    ],
    [
      'no rates: the prices are net',
      [t(1000n)],
      [],
      { subtotal: 1000n, base: null, taxes: [], total: 1000n },
    ],
    [
      'a zero rate',
      [t(1000n)],
      [{ name: 'Zero', rate: 0, level: 1 }],
      { subtotal: 1000n, base: 1000n, taxes: [0n], total: 1000n },
    ],
    [
      'JPY',
      [t(1100n)],
      [{ name: '消費税', rate: 100000, level: 1 }],
      { subtotal: 1000n, base: 1000n, taxes: [100n], total: 1100n },
    ],
  ])('%s', (_name, items, rates, expected) => {
    const totals = computeInvoiceTotals(items, rates, 'INCLUSIVE')
    expect(totals.total).toBe(expected.total)
    expect(totals.subtotal).toBe(expected.subtotal)
    expect(totals.taxLines.map((l) => l.amount)).toEqual(expected.taxes)
    if (expected.base !== null) expect(totals.taxLines[0]!.base).toBe(expected.base)
    expect(totals.subtotal + totals.taxTotal).toBe(totals.total)
  })
})

describe('resolveTaxRates', () => {
  beforeAll(async () => {
    await getDb().taxRule.createMany({
      data: [
        { name: 'VAT', country: 'GB', rate: 200000 },
        { name: 'MwSt', country: 'DE', rate: 190000, isEuVat: true },
        { name: 'TVA', country: 'FR', rate: 200000, isEuVat: true },
        { name: 'MA sales tax', country: 'US', state: 'MA', rate: 62500 },
        { name: 'GST', country: 'CA', rate: 50000 },
        { name: 'QST', country: 'CA', state: 'QC', rate: 99750, level: 2, isCompound: true },
        { name: 'Worldwide levy', country: null, rate: 10000 },
        { name: 'Retired', country: 'NL', rate: 210000, isActive: false, isEuVat: true },
      ],
    })
  })

  const GB_SELLER = { country: 'GB' }
  it.each<
    [
      string,
      { country: string; state?: string; taxId?: string; isTaxExempt?: boolean },
      { country: string },
      { names: string[]; reverse: boolean; reason: string },
    ]
  >([
    [
      'a domestic client pays the country rate',
      { country: 'GB' },
      GB_SELLER,
      { names: ['VAT'], reverse: false, reason: 'rules' },
    ],
    [
      'a domestic business with a VAT number still pays VAT',
      { country: 'GB', taxId: 'GB123456789' },
      GB_SELLER,
      { names: ['VAT'], reverse: false, reason: 'rules' },
    ],
    [
      'a tax-exempt client pays nothing',
      { country: 'GB', isTaxExempt: true },
      GB_SELLER,
      { names: [], reverse: false, reason: 'exempt' },
    ],
    [
      'an EU consumer pays their country VAT',
      { country: 'DE' },
      GB_SELLER,
      { names: ['MwSt'], reverse: false, reason: 'rules' },
    ],
    [
      'an EU business abroad: reverse charge',
      { country: 'DE', taxId: 'DE123456789' },
      GB_SELLER,
      { names: [], reverse: true, reason: 'reverse_charge' },
    ],
    [
      'an EU business from an EU seller elsewhere: reverse charge',
      { country: 'FR', taxId: 'FR12345678901' },
      { country: 'DE' },
      { names: [], reverse: true, reason: 'reverse_charge' },
    ],
    [
      'an EU business in the seller country: VAT',
      { country: 'DE', taxId: 'DE123456789' },
      { country: 'DE' },
      { names: ['MwSt'], reverse: false, reason: 'rules' },
    ],
    [
      'a blank VAT number is no VAT number',
      { country: 'DE', taxId: '  ' },
      GB_SELLER,
      { names: ['MwSt'], reverse: false, reason: 'rules' },
    ],
    [
      'a state rule applies in its state',
      { country: 'US', state: 'ma' },
      GB_SELLER,
      { names: ['MA sales tax'], reverse: false, reason: 'rules' },
    ],
    [
      'a state rule does not apply elsewhere (the worldwide rule does)',
      { country: 'US', state: 'NY' },
      GB_SELLER,
      { names: ['Worldwide levy'], reverse: false, reason: 'rules' },
    ],
    [
      'country + compound state level 2',
      { country: 'CA', state: 'QC' },
      GB_SELLER,
      { names: ['GST', 'QST'], reverse: false, reason: 'rules' },
    ],
    [
      'country only outside that state',
      { country: 'CA', state: 'ON' },
      GB_SELLER,
      { names: ['GST'], reverse: false, reason: 'rules' },
    ],
    [
      'a country without rules gets the worldwide rule',
      { country: 'JP' },
      GB_SELLER,
      { names: ['Worldwide levy'], reverse: false, reason: 'rules' },
    ],
    [
      'inactive rules are ignored',
      { country: 'NL' },
      GB_SELLER,
      { names: ['Worldwide levy'], reverse: false, reason: 'rules' },
    ],
    [
      'an EU business without an EU VAT rule: still reverse charge, other rules kept',
      { country: 'NL', taxId: 'NL123' },
      GB_SELLER,
      { names: ['Worldwide levy'], reverse: true, reason: 'reverse_charge' },
    ],
  ])('%s', async (_name, buyer, seller, expected) => {
    const resolved = await resolveTaxRates(getDb(), { isTaxExempt: false, ...buyer }, seller)
    expect(resolved.rates.map((r) => r.name)).toEqual(expected.names)
    expect(resolved.isReverseCharge).toBe(expected.reverse)
    expect(resolved.note).toBe(expected.reverse ? REVERSE_CHARGE_NOTE : null)
    expect(resolved.reason).toBe(expected.reason)
  })

  it('gives compound level-2 rates their flag', async () => {
    const resolved = await resolveTaxRates(
      getDb(),
      { country: 'CA', state: 'QC', isTaxExempt: false },
      GB_SELLER,
    )
    expect(resolved.rates).toEqual([
      { name: 'GST', rate: 50000, level: 1, isCompound: false },
      { name: 'QST', rate: 99750, level: 2, isCompound: true },
    ])
  })
})
