import type { DbClient, Prisma } from '@berth/prisma'
import { isProduction } from '../../platform'
import { settingsSchema, type SettingKey } from '../../settings'
import { systemCtx, DomainError, type Ctx } from '../../shared'
import { addCredit } from '../credit/add-credit'
import { createInvoice } from '../invoices/create-invoice'
import { publishInvoice } from '../invoices/publish-invoice'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { TEST_GATEWAY_ID } from '../gateways/test'
import { applyPayment } from '../payments/apply-payment'
import { addDays, isoDate, todayUtc } from '../shared/dates'

/** The billing settings, written out at their defaults so staff see them in the console. */
const BILLING_SETTING_KEYS: SettingKey[] = [
  'company.country',
  'billing.invoiceNumberFormat',
  'billing.taxMode',
  'billing.autoApplyCredit',
  'billing.paymentTermsDays',
  'billing.addFundsMin',
  'billing.addFundsMax',
  'billing.locale',
]

export const DEMO_TAX_RULES = [
  { name: 'VAT', country: 'GB', rate: 200000 },
  { name: 'MwSt', country: 'DE', rate: 190000, isEuVat: true },
  { name: 'TVA', country: 'FR', rate: 200000, isEuVat: true },
  { name: 'ALV', country: 'FI', rate: 255000, isEuVat: true },
  { name: 'BTW', country: 'NL', rate: 210000, isEuVat: true },
  { name: 'MA sales tax', country: 'US', state: 'MA', rate: 62500 },
] as const

/**
 * The demo's billing data, inside the demo seed's transaction (never in production): billing
 * settings at their defaults, a few tax rules, the test gateway enabled, and for the demo client a
 * paid invoice (through the test gateway, with its fee), a partially paid one (bank transfer), an
 * unpaid one, an overdue one and some account credit; one unpaid invoice for another client.
 */
export async function seedDemoBilling(
  tx: DbClient,
  input: { demoClientId: string; otherClientIds: readonly string[] },
): Promise<{ invoices: number }> {
  if (isProduction())
    throw new DomainError('NOT_IN_PRODUCTION', 'The demo data is refused in production mode.')
  const ctx: Ctx & { db: DbClient } = { ...systemCtx(tx, 'demo-seed-billing'), db: tx }
  for (const key of BILLING_SETTING_KEYS) {
    const value = settingsSchema.shape[key].parse(undefined) as Prisma.InputJsonValue
    await tx.setting.upsert({ where: { key }, create: { key, value }, update: {} })
  }
  await tx.taxRule.createMany({ data: DEMO_TAX_RULES.map((r) => ({ ...r })) })
  await tx.gatewayConfig.upsert({
    where: { gateway: TEST_GATEWAY_ID },
    create: {
      gateway: TEST_GATEWAY_ID,
      displayName: 'Test gateway — no real money',
      isEnabled: true,
      isTestMode: true,
      sortOrder: 100,
    },
    update: { isEnabled: true },
  })

  const today = todayUtc()
  const day = (n: number) => isoDate(addDays(today, n))
  const clientId = input.demoClientId
  const invoice = async (
    issue: number,
    due: number,
    items: { description: string; unitAmount: number; quantity?: number; isTaxable?: boolean }[],
  ) => {
    const draft = await createInvoice(ctx, {
      clientId,
      issueDate: day(issue),
      dueDate: day(due),
      items: items.map((i) => ({ quantity: 1, isTaxable: true, ...i })),
    })
    return publishInvoice(ctx, { invoiceId: draft.id })
  }

  const paid = await invoice(-40, -26, [
    { description: 'Shared hosting Starter (monthly)', unitAmount: 999 },
    { description: 'Domain renewal: demo-web.example (1 year)', unitAmount: 1299 },
  ])
  await applyPayment(ctx, {
    invoiceId: paid.id,
    gateway: TEST_GATEWAY_ID,
    gatewayTransactionId: 'tpay_demo_0001',
    amount: paid.total,
    currency: paid.currency.code,
    fee: (paid.total * 29n + 500n) / 1000n,
    occurredAt: addDays(today, -30),
    description: 'Paid by Test gateway — no real money',
  })
  const partial = await invoice(-10, 4, [
    { description: 'Dedicated server setup', unitAmount: 5000, isTaxable: false },
    { description: 'Dedicated server E3 (monthly)', unitAmount: 8900 },
  ])
  await recordManualPayment(ctx, {
    invoiceId: partial.id,
    method: 'bank_transfer',
    amount: 5000,
    reference: 'DEMO-WIRE-0001',
    paidOn: day(-5),
    note: 'First instalment',
  })
  await invoice(-2, 12, [
    { description: 'Managed WordPress (monthly)', unitAmount: 1500 },
    { description: 'SSL certificate (1 year)', unitAmount: 800 },
  ])
  await invoice(-30, -16, [
    { description: 'VPS 2 GB (monthly)', unitAmount: 2000 },
    { description: 'Extra IPv4 address', unitAmount: 300, quantity: 2 },
  ])
  await addCredit(ctx, { clientId, amount: 2500, reason: 'Welcome credit for trying Berth' })

  let count = 4
  const other = input.otherClientIds[0]
  if (other) {
    const draft = await createInvoice(ctx, {
      clientId: other,
      issueDate: day(-3),
      dueDate: day(11),
      items: [{ description: 'Reseller hosting (monthly)', unitAmount: 2900, quantity: 1, isTaxable: true }],
    })
    await publishInvoice(ctx, { invoiceId: draft.id })
    count += 1
  }
  return { invoices: count }
}
