import { randomBytes } from 'node:crypto'
import { addCredit, createTaxRule, recordManualPayment, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { item, makeBillingClient, makeInvoice } from '@berth/tests/support/billing-factories'
import type { AdminClient, Answer } from './admin-client'

/**
 * Billing's part of the role × action table test (access/role-access.test.ts): a record of each
 * billing resource, a record in the right state for each state-changing action (a draft to publish,
 * an unpaid invoice to pay, a paid one to refund...), the request each action sends, and how to tell
 * whether it took effect. Downloads (PDF, CSV) count as done when the file arrives.
 */
export const BILLING_RESOURCES = [
  'Invoice',
  'Transaction',
  'CreditEntry',
  'Dispute',
  'WebhookEvent',
  'TaxRule',
  'GatewayConfig',
] as const
export type BillingResource = (typeof BILLING_RESOURCES)[number]

const CLIENT_CREDIT_ACTIONS = new Set(['addCredit', 'removeCredit'])

export function isBillingTarget(resource: string, action: string): boolean {
  return (
    (BILLING_RESOURCES as readonly string[]).includes(resource) ||
    (resource === 'Client' && CLIENT_CREDIT_ACTIONS.has(action))
  )
}

const unique = () => randomBytes(4).toString('hex')

let staff: Ctx | undefined

/** Targets for one action (or every action, for the shared fixtures): ids by `Resource` and `Resource.action`. */
async function targets(
  superCtx: Ctx,
  only?: { resource: string; action: string },
): Promise<Record<string, string>> {
  staff = superCtx
  const db = getDb()
  const want = (resource: string, action?: string) =>
    !only || (only.resource === resource && (!action || only.action === action))
  const out: Record<string, string> = {}
  const client = await makeBillingClient()
  const draft = () => makeInvoice(superCtx, client.clientId, [item(1000)], { publish: false })
  const unpaid = () => makeInvoice(superCtx, client.clientId, [item(1000)])

  if (want('Client')) {
    await addCredit(superCtx, { clientId: client.clientId, amount: 500, reason: 'Fixture credit' })
    out['Client.addCredit'] = client.clientId
    out['Client.removeCredit'] = client.clientId
  }
  if (want('Invoice')) {
    const needs = (action: string) => want('Invoice', action)
    if (!only) out.Invoice = (await unpaid()).id
    for (const action of ['edit', 'delete', 'publish'])
      if (needs(action)) out[`Invoice.${action}`] = (await draft()).id
    for (const action of ['recordPayment', 'cancel', 'sendEmail', 'downloadPdf'])
      if (needs(action)) out[`Invoice.${action}`] = (await unpaid()).id
    if (needs('applyCredit')) {
      await addCredit(superCtx, { clientId: client.clientId, amount: 300, reason: 'Fixture credit' })
      out['Invoice.applyCredit'] = (await unpaid()).id
    }
    if (needs('refund')) {
      const paid = await unpaid()
      await recordManualPayment(superCtx, { invoiceId: paid.id, method: 'cash', amount: 1000 })
      out['Invoice.refund'] = paid.id
    }
  }
  if (!only || ['Transaction', 'CreditEntry', 'Dispute', 'WebhookEvent'].includes(only.resource)) {
    const inv = await unpaid()
    const pay = await recordManualPayment(superCtx, { invoiceId: inv.id, method: 'cash', amount: 400 })
    out.Transaction = pay.transactionId
    const credit = await addCredit(superCtx, {
      clientId: client.clientId,
      amount: 100,
      reason: 'Fixture credit',
    })
    out.CreditEntry = credit.entryId
    out.Dispute = (
      await db.dispute.create({
        data: {
          transactionId: pay.transactionId,
          gateway: 'manual',
          gatewayDisputeId: `dp_${unique()}`,
          currencyCode: 'USD',
          amount: 400n,
        },
      })
    ).id
    out.WebhookEvent = (
      await db.webhookEvent.create({
        data: {
          provider: 'stripe',
          eventId: `evt_${unique()}`,
          type: 'charge.refunded',
          payload: {},
          status: 'FAILED',
        },
      })
    ).id
  }
  if (want('WebhookEvent', 'reprocess')) {
    // a FAILED test-gateway event whose only event has nothing to apply: IGNORED once reprocessed
    const payload = {
      id: 'fixture',
      events: [
        {
          kind: 'payment.pending',
          paymentSessionId: '0190ffff-0000-7000-8000-000000000000',
          reason: 'fixture',
        },
      ],
    }
    out['WebhookEvent.reprocess'] = (
      await db.webhookEvent.create({
        data: {
          provider: 'test',
          eventId: `evt_${unique()}`,
          type: 'payment.pending',
          payload,
          status: 'FAILED',
          error: 'fixture',
        },
      })
    ).id
  }
  if (want('TaxRule'))
    out.TaxRule = (
      await createTaxRule(superCtx, {
        name: `Fixture tax ${unique()}`,
        country: 'FR',
        ratePercent: '20',
        isEuVat: true,
      })
    ).id
  out.GatewayConfig = 'test'
  return out
}

/** One record per billing resource and one per state-changing action, for a role's shared fixtures. */
export async function makeBillingFixtures(
  superCtx: Ctx,
): Promise<Record<BillingResource, string> & Record<string, string>> {
  return (await targets(superCtx)) as Record<BillingResource, string> & Record<string, string>
}

/** Fresh targets for an allowed write, so it acts on a record in the right state. */
export async function freshBillingFixture(resource: string, action: string): Promise<Record<string, string>> {
  if (!staff) throw new Error('makeBillingFixtures first')
  return targets(staff, { resource, action })
}

interface Outcome {
  res: Answer
  tookEffect: () => Promise<boolean>
}

/** A download as an answer the table test reads: success when the body is the expected file. */
function downloaded(res: Answer, ok: boolean): Answer {
  return res.status === 200
    ? {
        ...res,
        json: ok
          ? { notice: { type: 'success', message: 'file downloaded' } }
          : { notice: { type: 'error', message: 'not the file' } },
      }
    : res
}

export async function billingAttempt(
  browser: AdminClient,
  resource: string,
  action: string,
  fx: Record<string, string>,
): Promise<Outcome> {
  const db = getDb()
  const id = fx[`${resource}.${action}`] ?? fx[resource]!
  const none = async () => false
  const mark = `Billing access ${unique()}`
  const post = (form: Record<string, string> = {}) => browser.recordAction(resource, id, action, form)

  switch (action) {
    case 'list':
      return { res: await browser.list(resource), tookEffect: none }
    case 'search':
      return { res: await browser.get(`/admin/api/resources/${resource}/actions/search/a`), tookEffect: none }
    case 'show':
      return { res: await browser.show(resource, id), tookEffect: none }
    case 'downloadPdf': {
      const res = await browser.get(`/admin/api/resources/Invoice/records/${id}/downloadPdf?download=1`)
      return {
        res: downloaded(res, res.text.startsWith('%PDF-')),
        tookEffect: async () => res.status === 200 && res.text.startsWith('%PDF-'),
      }
    }
    case 'exportCsv': {
      const res = await browser.get('/admin/api/resources/Transaction/actions/exportCsv?download=1')
      const ok = res.text.startsWith('Date,Transaction ID,')
      return { res: downloaded(res, ok), tookEffect: async () => res.status === 200 && ok }
    }
    case 'testConnection': {
      const res = await post({ confirm: 'yes' })
      return { res, tookEffect: async () => res.json?.notice?.type === 'success' }
    }
    case 'reprocess': {
      const res = await post({ confirm: 'yes' })
      return {
        res,
        tookEffect: async () => (await db.webhookEvent.findUnique({ where: { id } }))?.status !== 'FAILED',
      }
    }
    case 'publish': {
      const res = await post({ confirm: 'yes' })
      return {
        res,
        tookEffect: async () => (await db.invoice.findUnique({ where: { id } }))?.status === 'UNPAID',
      }
    }
    case 'recordPayment': {
      const res = await post({
        method: 'bank_transfer',
        amount: '10.00',
        paidOn: new Date().toISOString().slice(0, 10),
        reference: mark,
      })
      return {
        res,
        tookEffect: async () =>
          (await db.transaction.count({ where: { gateway: 'manual', gatewayTransactionId: mark } })) === 1,
      }
    }
    case 'applyCredit': {
      const res = await post({ amount: '1.00' })
      return {
        res,
        tookEffect: async () => ((await db.invoice.findUnique({ where: { id } }))?.creditApplied ?? 0n) > 0n,
      }
    }
    case 'cancel': {
      const res = await post({ reason: mark })
      return {
        res,
        tookEffect: async () => (await db.invoice.findUnique({ where: { id } }))?.status === 'CANCELLED',
      }
    }
    case 'refund': {
      const payment = await db.transaction.findFirstOrThrow({
        where: { invoiceId: id, type: 'PAYMENT' },
        select: { id: true },
      })
      const res = await post({ transactionId: payment.id, amount: '1.00', reason: mark })
      return {
        res,
        tookEffect: async () =>
          (await db.transaction.count({ where: { refundOfId: payment.id, type: 'REFUND' } })) > 0,
      }
    }
    case 'sendEmail': {
      const before = await db.emailLog.count({ where: { template: 'invoice-created' } })
      const res = await post({ confirm: 'yes' })
      return {
        res,
        tookEffect: async () =>
          (await db.emailLog.count({ where: { template: 'invoice-created' } })) > before,
      }
    }
    case 'addCredit':
    case 'removeCredit': {
      const balance = async () =>
        (
          await db.creditBalance.findUnique({
            where: { clientId_currencyCode: { clientId: id, currencyCode: 'USD' } },
          })
        )?.balance ?? 0n
      const before = await balance()
      const res = await post({ amount: '1.00', reason: mark })
      return {
        res,
        tookEffect: async () =>
          action === 'addCredit' ? (await balance()) > before : (await balance()) < before,
      }
    }
    case 'new': {
      const counts = await ledgerCounts()
      const form: Record<string, string> =
        resource === 'Invoice'
          ? {
              clientId: (
                await db.invoice.findUniqueOrThrow({ where: { id: fx.Invoice! }, select: { clientId: true } })
              ).clientId,
              'items.0.description': mark,
              'items.0.quantity': '1',
              'items.0.unitAmount': '5.00',
            }
          : resource === 'TaxRule'
            ? { name: mark, ratePercent: '5', country: 'DE', isEuVat: 'true' }
            : {
                name: mark,
                amount: '1',
                gateway: 'forged',
                provider: 'forged',
                eventId: mark,
                type: 'PAYMENT',
                displayName: mark,
              }
      const res = await browser.resourceAction(resource, 'new', form)
      return {
        res,
        tookEffect: async () =>
          (await db.invoiceItem.count({ where: { description: mark } })) > 0 ||
          (await db.taxRule.count({ where: { name: mark } })) > 0 ||
          JSON.stringify(await ledgerCounts()) !== JSON.stringify(counts),
      }
    }
    case 'edit': {
      const form: Record<string, string> =
        resource === 'Invoice'
          ? {
              'items.0.description': 'Edited',
              'items.0.quantity': '1',
              'items.0.unitAmount': '3.00',
              notes: mark,
            }
          : resource === 'TaxRule'
            ? { name: mark }
            : resource === 'GatewayConfig'
              ? { displayName: mark }
              : { reason: mark, error: mark, description: mark, type: mark, status: 'LOST' }
      const before = snapshot(await rowOf(resource, id))
      const res = await post(form)
      return { res, tookEffect: async () => snapshot(await rowOf(resource, id)) !== before }
    }
    case 'delete': {
      const res = await post()
      return { res, tookEffect: async () => (await rowOf(resource, id)) === null }
    }
    case 'bulkDelete': {
      const res = await browser.post(
        `/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${encodeURIComponent(id)}`,
      )
      return { res, tookEffect: async () => (await rowOf(resource, id)) === null }
    }
    default:
      throw new Error(`no billing attempt for ${resource}.${action}`)
  }
}

const snapshot = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))

async function ledgerCounts() {
  const db = getDb()
  return Promise.all([
    db.invoice.count(),
    db.transaction.count(),
    db.creditEntry.count(),
    db.dispute.count(),
    db.webhookEvent.count(),
    db.taxRule.count(),
    db.gatewayConfig.count(),
  ])
}

/** A billing row as stored (null when gone), to compare before and after. */
export async function rowOf(resource: string, id: string): Promise<Record<string, unknown> | null> {
  const db = getDb()
  switch (resource) {
    case 'Invoice':
      return db.invoice.findUnique({ where: { id } })
    case 'Transaction':
      return db.transaction.findUnique({ where: { id } })
    case 'CreditEntry':
      return db.creditEntry.findUnique({ where: { id } })
    case 'Dispute':
      return db.dispute.findUnique({ where: { id } })
    case 'WebhookEvent':
      return db.webhookEvent.findUnique({ where: { id } })
    case 'TaxRule':
      return db.taxRule.findUnique({ where: { id } })
    case 'GatewayConfig':
      return (
        (await db.gatewayConfig.findUnique({ where: { gateway: id } })) ?? { gateway: id, configured: false }
      )
    case 'Client':
      return db.client.findUnique({ where: { id } })
    default:
      throw new Error(`no billing row for ${resource}`)
  }
}
