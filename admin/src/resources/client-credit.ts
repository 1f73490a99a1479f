import {
  addCredit,
  adjustCreditInput,
  formatMoney,
  getCreditBalance,
  parseInput,
  removeCredit,
  type Ctx,
} from '@berth/core'
import type { BaseRecord } from 'adminjs'
import type { Db } from '@berth/prisma'
import { amountOf, IssueCollector, textOf, type FormSpec } from '../actions/billing-actions'
import type { ComponentIds } from '../components/registry'
import { recordAction } from '../actions/core-actions'
import { money } from '../actions/money'

/**
 * Account credit on the client's page: the balance (a virtual from the CreditBalance cache, in the
 * client's currency) and the "Add credit" / "Remove credit" actions (billing.manage), each with
 * an amount typed as decimal text and a reason. Core writes the append-only ledger, refuses to go
 * below zero (INSUFFICIENT_CREDIT) and audits. The ledger itself is the CreditEntry resource.
 */
export const clientCreditInclude = {
  currency: { select: { code: true, exponent: true } },
  creditBalances: { select: { currencyCode: true, balance: true } },
} as const

type Row = {
  currencyCode?: string
  currency?: { code: string; exponent: number }
  creditBalances?: { currencyCode: string; balance: bigint }[]
}

export function clientCreditVirtuals(row: Record<string, unknown>): {
  creditBalance: string | null
  hasCredit: boolean
} {
  const r = row as Row
  if (!r.currency || !r.creditBalances) return { creditBalance: null, hasCredit: false }
  const own = r.creditBalances.find((b) => b.currencyCode === r.currency!.code)?.balance ?? 0n
  return { creditBalance: formatMoney(own, r.currency.code, r.currency.exponent), hasCredit: own > 0n }
}

async function prepare(ctx: Ctx, record: BaseRecord, kind: 'add' | 'remove'): Promise<FormSpec> {
  const credit = await getCreditBalance(ctx, { clientId: String(record.id()) })
  return {
    intro:
      kind === 'add'
        ? 'Adds account credit in the client\'s currency. The client gets an email; the credit pays invoices (automatically when the "apply credit" setting is on).'
        : 'Takes account credit away. The balance can never go below zero.',
    facts: [
      { label: 'Credit balance', value: money(credit.balance, credit.currency) },
      ...credit.others.map((o) => ({ label: `Also held in ${o.currency}`, value: String(o.balance) })),
    ],
    fields: [
      { name: 'amount', label: 'Amount', kind: 'money', currency: credit.currency.code, required: true },
      {
        name: 'reason',
        label: 'Reason',
        kind: 'textarea',
        required: true,
        hint:
          kind === 'add'
            ? 'Shown to the client in the credit email and kept in the ledger.'
            : 'Kept in the ledger and the audit log.',
      },
    ],
    values: { amount: '', reason: '' },
    confirmLabel: kind === 'add' ? 'Add credit' : 'Remove credit',
    ...(kind === 'remove' ? { variant: 'danger' as const } : {}),
    ...(kind === 'remove' && credit.balance <= 0n
      ? { blocked: 'This client has no account credit to remove.' }
      : {}),
  }
}

async function run(ctx: Ctx, record: BaseRecord, values: Record<string, unknown>, kind: 'add' | 'remove') {
  const currency = await ctx.db.currency.findUniqueOrThrow({
    where: { code: String(record.param('currencyCode')) },
    select: { code: true, exponent: true },
  })
  const issues = new IssueCollector()
  const amount = issues.take(() => amountOf(values.amount, currency.exponent, 'amount'))
  const input = { clientId: String(record.id()), amount: amount ?? 1n, reason: textOf(values.reason) }
  // An amount that does not parse: core's schema still says what else is wrong (the reason)
  if (issues.issues.length) issues.absorbFrom(() => parseInput(adjustCreditInput, input))
  issues.throwIfAny()
  const result = kind === 'add' ? await addCredit(ctx, input) : await removeCredit(ctx, input)
  return { amount: money(result.amount, currency), balance: money(result.balance, currency) }
}

/** The two record actions, for the Client resource's guardActions. */
export function clientCreditActions(db: Db, components: ComponentIds) {
  return {
    addCredit: {
      actionType: 'record' as const,
      icon: 'PlusCircle',
      component: components.BillingForm,
      handler: recordAction({
        db,
        fields: 'payload',
        load: (ctx, _id, record) => prepare(ctx, record, 'add'),
        run: (ctx, _id, values, record) => run(ctx, record, values, 'add'),
        successMessage: (r) => `Added ${r.amount} of credit. The balance is now ${r.balance}.`,
      }),
    },
    removeCredit: {
      actionType: 'record' as const,
      icon: 'MinusCircle',
      isVisible: ({ record }: { record?: BaseRecord }) => record?.param('hasCredit') === true,
      variant: 'danger' as const,
      component: components.BillingForm,
      handler: recordAction({
        db,
        fields: 'payload',
        load: (ctx, _id, record) => prepare(ctx, record, 'remove'),
        run: (ctx, _id, values, record) => run(ctx, record, values, 'remove'),
        successMessage: (r) => `Removed ${r.amount} of credit. The balance is now ${r.balance}.`,
      }),
    },
  }
}
