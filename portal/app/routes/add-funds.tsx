import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { createAddFundsInvoice, getCreditBalance, getSettings, parseAmount } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { invoicePath } from '~/billing/responses.server'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'

export const meta: MetaFunction = () => [{ title: 'Add funds · Berth' }]

/**
 * `/billing/add-funds`: the client tops up its account credit. The amount is typed in the
 * client's currency ("50" or "50.00"), parsed by core's parseAmount, and becomes an add-funds
 * invoice (limits from the `billing.addFundsMin`/`Max` settings, checked by core), paid on its
 * page like any invoice; once paid, the money is credit.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const [credit, settings, fmt] = await Promise.all([
    getCreditBalance(ctx),
    getSettings(ctx.db),
    billingFormat(ctx),
  ])
  const code = credit.currency.code
  const min = settings['billing.addFundsMin'][code]
  const max = settings['billing.addFundsMax'][code]
  return {
    currency: code,
    balance: fmt.money(credit.balance, credit.currency),
    limits:
      min !== undefined && max !== undefined
        ? { min: fmt.money(BigInt(min), credit.currency), max: fmt.money(BigInt(max), credit.currency) }
        : null,
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { ctx } = await requireUser(args)
  const values = formText(form, ['amount'])
  let invoice
  try {
    const { currency } = await getCreditBalance(ctx)
    const amount = parseAmount(values.amount, currency.exponent, { field: 'amount' })
    invoice = await createAddFundsInvoice(ctx, { amount })
  } catch (error) {
    return refuse(error, { fields: ['amount'], values })
  }
  const fmt = await billingFormat(ctx)
  return redirectWithFlash(invoicePath(invoice.id), {
    kind: 'info',
    message: `Invoice ${invoice.number ?? ''} for ${fmt.money(invoice.total, invoice.currency)} is ready. Pay it below; the money is added to your credit once the payment is confirmed.`,
  })
}

export default function AddFunds() {
  const { currency, balance, limits } = useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>())
  const formRef = useFocusFirstError(refusal)
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/billing/transactions">Billing</Link>
        </p>
        <h1>Add funds</h1>
        <p className="lead">Top up your account credit, then use it to pay invoices in full or in part.</p>
      </div>
      <div className="columns two">
        <section className="card" aria-labelledby="add-title">
          <h2 id="add-title">How much?</h2>
          {limits ? (
            <Form method="post" noValidate className="form" ref={formRef}>
              <CsrfInput />
              <FormError message={refusal?.formError} />
              <Field
                form="funds"
                name="amount"
                label={`Amount (${currency})`}
                inputMode="decimal"
                autoComplete="off"
                defaultValue={refusal?.values.amount}
                error={refusal?.fieldErrors.amount}
                hint={`Between ${limits.min} and ${limits.max}.`}
                maxLength={30}
              />
              <p className="muted">
                We create an invoice for this amount; you pay it on the next page with any payment method we
                offer.
              </p>
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {busy ? 'Creating the invoice…' : 'Continue to payment'}
                </button>
              </div>
            </Form>
          ) : (
            <p>
              Adding funds is not available in {currency}. Please contact us if you would like to pay in
              advance.
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="credit-title">
          <h2 id="credit-title">Your account credit</h2>
          <p className="big-amount">{balance}</p>
          <p className="muted">
            To use it, open an unpaid invoice and apply all or part of your credit to it.
          </p>
          <p>
            <Link to="/billing/transactions">See your credit history</Link>
          </p>
        </section>
      </div>
    </>
  )
}
