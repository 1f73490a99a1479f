import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import { expectDomainError } from '@berth/tests/support/billing-factories'
import { formatPercent } from '../../money'
import type { Ctx } from '../../shared'
import { resolveTaxRates } from './resolve-tax-rates'
import { createTaxRule, deleteTaxRule, listTaxRules, parsePercent, updateTaxRule } from './tax-rules'

let billing: Ctx
let support: Ctx
let readOnly: Ctx

beforeAll(async () => {
  billing = (await makeStaff('Billing')).ctx
  support = (await makeStaff('Support')).ctx
  readOnly = (await makeStaff('Read-only')).ctx
})

describe('parsePercent / formatPercent', () => {
  it.each<[string, number | null]>([
    ['20', 200000],
    ['8.875', 88750],
    ['0', 0],
    ['0.0001', 1],
    ['100', 1_000_000],
    [' 5.5 % ', 55000],
    ['19.6', 196000],
    ['100.0001', null],
    ['8.87501', null],
    ['-1', null],
    ['1e2', null],
    ['', null],
    ['abc', null],
    ['20,5', null],
    ['1000', null],
  ])('%j → %j', (text, expected) => {
    const parsed = parsePercent(text)
    if (expected === null) expect(typeof parsed).toBe('string')
    else expect(parsed).toBe(expected)
  })

  it.each([
    [200000, '20'],
    [88750, '8.875'],
    [0, '0'],
    [1, '0.0001'],
    [55000, '5.5'],
  ])('%i → %s', (millionths, text) => {
    expect(formatPercent(millionths)).toBe(text)
  })
})

describe('tax rule management', () => {
  it('creates, changes and deletes a rule with an audit event each; resolveTaxRates uses it at once', async () => {
    const rule = await createTaxRule(billing, {
      name: 'Test VAT',
      country: 'mt',
      ratePercent: '18',
      isEuVat: true,
    })
    expect(rule).toMatchObject({
      country: 'MT',
      state: null,
      rate: 180000,
      ratePercent: '18',
      level: 1,
      isCompound: false,
      isEuVat: true,
      isActive: true,
    })
    const buyer = { country: 'MT', isTaxExempt: false }
    expect((await resolveTaxRates(getDb(), buyer, { country: 'GB' })).rates).toEqual([
      { name: 'Test VAT', rate: 180000, level: 1, isCompound: false },
    ])

    const changed = await updateTaxRule(billing, { id: rule.id, ratePercent: '18.5', name: 'Malta VAT' })
    expect(changed).toMatchObject({ name: 'Malta VAT', rate: 185000, country: 'MT', isEuVat: true })
    await deleteTaxRule(billing, { id: rule.id })
    expect((await resolveTaxRates(getDb(), buyer, { country: 'GB' })).rates).toEqual([])

    const events = await getDb().auditEvent.findMany({
      where: { targetId: rule.id },
      orderBy: { id: 'asc' },
      select: { action: true, before: true, after: true },
    })
    expect(events.map((e) => e.action)).toEqual(['tax.rule.create', 'tax.rule.update', 'tax.rule.delete'])
    expect(events[1]).toMatchObject({
      before: { rate: 180000, name: 'Test VAT' },
      after: { rate: 185000, name: 'Malta VAT' },
    })
  })

  it('refuses bad input on the right fields and writes nothing', async () => {
    const before = await getDb().taxRule.count()
    const bad = await expectDomainError(
      createTaxRule(billing, { name: '', country: 'XX', ratePercent: '12.34567' }),
    )
    expect(bad.code).toBe('VALIDATION_FAILED')
    expect((bad as unknown as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual([
      'country',
      'name',
      'ratePercent',
    ])
    const combos = await expectDomainError(
      createTaxRule(billing, { name: 'x', state: 'CA', ratePercent: '5', isCompound: true, isEuVat: true }),
    )
    expect((combos as unknown as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual([
      'isCompound',
      'isEuVat',
      'state',
    ])
    expect(await getDb().taxRule.count()).toBe(before)

    const rule = await createTaxRule(billing, {
      name: 'QST',
      country: 'CA',
      state: 'QC',
      ratePercent: '9.975',
      level: 2,
      isCompound: true,
    })
    // Moving a compound rule to level 1 is refused as stored, not field by field.
    const level = await expectDomainError(updateTaxRule(billing, { id: rule.id, level: 1 }))
    expect(level.field).toBe('isCompound')
    expect((await getDb().taxRule.findUniqueOrThrow({ where: { id: rule.id } })).level).toBe(2)
    expect(
      (
        await expectDomainError(
          updateTaxRule(billing, { id: '00000000-0000-4000-8000-000000000000', name: 'x' }),
        )
      ).code,
    ).toBe('NOT_FOUND')
  })

  it('needs billing.manage to change rules and billing.view to list them', async () => {
    expect((await expectDomainError(createTaxRule(support, { name: 'x', ratePercent: '1' }))).code).toBe(
      'FORBIDDEN',
    )
    expect((await expectDomainError(createTaxRule(readOnly, { name: 'x', ratePercent: '1' }))).code).toBe(
      'FORBIDDEN',
    )
    const rule = await createTaxRule(billing, { name: 'Everywhere', ratePercent: '1' })
    expect((await expectDomainError(deleteTaxRule(readOnly, { id: rule.id }))).code).toBe('FORBIDDEN')
    expect((await expectDomainError(updateTaxRule(support, { id: rule.id, name: 'y' }))).code).toBe(
      'FORBIDDEN',
    )
    expect((await listTaxRules(readOnly)).some((r) => r.id === rule.id)).toBe(true)
    expect((await expectDomainError(listTaxRules(support))).code).toBe('FORBIDDEN')
    await deleteTaxRule(billing, { id: rule.id })
  })
})
