import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import {
  applyCreditToInvoice,
  countryName,
  formatRate,
  getInvoice,
  hasBalanceDue,
  isDomainError,
  listPaymentMethods,
  parseAmount,
  startPayment,
  type InvoiceDetail,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser, type SignedIn } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { TRANSACTION_STATUS, TRANSACTION_TYPE } from '~/billing/labels'
import { checkoutRedirectTarget } from '~/billing/handoff.server'
import { invoicePath, rethrowAsNotFound } from '~/billing/responses.server'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { StatusBadge } from '~/components/status-badge'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'

type Intent = 'pay' | 'apply-credit'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Invoice ${data.invoice.number}` : 'Invoice'} · Berth` },
]

async function loadInvoice(auth: SignedIn, invoiceId: string | undefined): Promise<InvoiceDetail> {
  try {
    return await getInvoice(auth.ctx, { invoiceId })
  } catch (error) {
    rethrowAsNotFound(error)
  }
}

function payLabel(method: { id: string; displayName: string; isDemoOnly: boolean }): string {
  if (method.isDemoOnly) return method.displayName
  if (method.id === 'stripe') return `Pay with card (${method.displayName})`
  return `Pay with ${method.displayName}`
}

export async function loader(args: LoaderFunctionArgs) {
  const auth = await requireUser(args)
  const inv = await loadInvoice(auth, args.params.invoiceId)
  const fmt = await billingFormat(auth.ctx)
  const money = (v: bigint) => fmt.money(v, inv.currency)
  const payable = hasBalanceDue(inv)
  const methods = payable ? await listPaymentMethods(auth.ctx) : []
  const credit = methods.find((m) => m.kind === 'credit')
  const usableCredit =
    credit && credit.currency === inv.currency.code && inv.kind !== 'ADD_FUNDS' ? credit.balance : 0n
  const party = (p: InvoiceDetail['seller'], withCountry: boolean) =>
    p
      ? {
          name: p.name,
          lines: [...p.lines, ...(withCountry && p.country ? [countryName(p.country)] : [])],
          taxId: p.taxId,
          email: p.email,
        }
      : null
  const payments = inv.transactions.filter((t) => t.status !== 'FAILED' || t.type === 'PAYMENT')

  return {
    invoice: {
      id: inv.id,
      number: inv.number ?? 'Draft',
      isAddFunds: inv.kind === 'ADD_FUNDS',
      status: inv.displayStatus,
      currency: inv.currency.code,
      issued: fmt.date(inv.issueDate),
      due: fmt.date(inv.dueDate),
      paidOn: inv.status === 'PAID' ? fmt.date(inv.paidAt) : '',
      isOverdue: inv.isOverdue,
      seller: party(inv.seller, false),
      buyer: party(inv.buyer, true),
      items: inv.items.map((i) => ({
        id: i.id,
        description: i.description,
        period: i.periodStart && i.periodEnd ? `${fmt.date(i.periodStart)} – ${fmt.date(i.periodEnd)}` : '',
        quantity: i.quantity,
        unit: money(i.unitAmount),
        amount: money(i.amount),
        untaxed: !i.isTaxable && inv.taxLines.length > 0,
      })),
      subtotal: money(inv.subtotal),
      taxLines: inv.taxLines.map((t) => ({
        label: `${t.name} ${formatRate(t.rate)}`,
        base: money(t.base),
        amount: money(t.amount),
      })),
      taxIncluded: inv.taxMode === 'INCLUSIVE',
      total: money(inv.total),
      paid: money(inv.amountPaid),
      refunded: inv.refunded > 0n ? money(inv.refunded) : '',
      balance: money(inv.balance),
      taxNote: inv.taxNote,
      notes: inv.notes,
      payments: payments.map((t) => ({
        id: t.id,
        date: fmt.date(t.createdAt),
        what: TRANSACTION_TYPE[t.type] ?? t.type,
        method: t.method,
        reference: t.gateway === 'credit' ? '' : t.gatewayTransactionId,
        amount:
          t.type === 'PAYMENT' || t.type === 'CHARGEBACK_REVERSAL' ? money(t.amount) : `−${money(t.amount)}`,
        status: TRANSACTION_STATUS[t.status] ?? { label: t.status, tone: 'muted' },
      })),
    },
    pay: payable
      ? {
          gateways: methods.flatMap((m) =>
            m.kind === 'gateway'
              ? [{ id: m.id, label: payLabel(m), isDemoOnly: m.isDemoOnly, isTestMode: m.isTestMode }]
              : [],
          ),
          credit:
            usableCredit > 0n
              ? {
                  balance: money(usableCredit),
                  amount: fmt.decimal(
                    usableCredit < inv.balance ? usableCredit : inv.balance,
                    inv.currency.exponent,
                  ),
                }
              : null,
        }
      : null,
    cancelled: new URL(args.request.url).searchParams.get('payment') === 'cancelled',
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const auth = await requireUser(args)
  const intent = form.get('intent')
  if (intent === 'pay') return pay(auth, args.params.invoiceId, form)
  if (intent === 'apply-credit') return applyCredit(auth, args.params.invoiceId, form)
  throw new Response('Unknown action', { status: 400 })
}

/** Opens the gateway's checkout for the balance and sends the browser there (through a page of ours: see handoff.server.ts). */
async function pay(auth: SignedIn, invoiceId: string | undefined, form: FormData) {
  const { gateway } = formText(form, ['gateway'])
  try {
    const started = await startPayment(auth.ctx, { invoiceId, gateway })
    return redirect(
      checkoutRedirectTarget(auth.sessionToken, {
        gateway,
        paymentSessionId: started.paymentSessionId,
        url: started.redirectUrl,
      }),
      303,
    )
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') rethrowAsNotFound(error)
    return refuse<Intent>(error, { intent: 'pay', fields: [] })
  }
}

/** Pays all or part of the balance with account credit. */
async function applyCredit(auth: SignedIn, invoiceId: string | undefined, form: FormData) {
  const inv = await loadInvoice(auth, invoiceId)
  const values = formText(form, ['amount'])
  let applied
  try {
    const amount = parseAmount(values.amount, inv.currency.exponent, { field: 'amount' })
    applied = await applyCreditToInvoice(auth.ctx, { invoiceId: inv.id, amount })
  } catch (error) {
    return refuse<Intent>(error, { intent: 'apply-credit', fields: ['amount'], values })
  }
  const fmt = await billingFormat(auth.ctx)
  const money = (v: bigint) => fmt.money(v, inv.currency)
  const message =
    applied.invoiceBalance === 0n
      ? `${money(applied.applied)} of account credit applied. Invoice ${inv.number ?? ''} is paid.`
      : `${money(applied.applied)} of account credit applied. ${money(applied.invoiceBalance)} is left to pay.`
  return redirectWithFlash(invoicePath(inv.id), { kind: 'success', message })
}

export default function Invoice() {
  const { invoice: inv, pay, cancelled } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const navigation = useNavigation()
  const submitting =
    navigation.state !== 'idle' && navigation.formMethod === 'POST'
      ? (navigation.formData?.get('intent') as Intent | null)
      : null
  const payRefusal = refusalFor<Intent>(outcome, 'pay')
  const creditRefusal = refusalFor<Intent>(outcome, 'apply-credit')
  const creditRef = useFocusFirstError(creditRefusal)
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="crumb">
            <Link to="/invoices">Invoices</Link>
          </p>
          <h1>
            Invoice {inv.number} <StatusBadge status={inv.status} />
          </h1>
          <p className="lead">
            {inv.isAddFunds ? 'Adding funds to your account credit. ' : null}
            Issued {inv.issued || '—'} · Due {inv.due}
            {inv.paidOn ? ` · Paid ${inv.paidOn}` : null}
          </p>
        </div>
        <a className="button button-secondary" href={`/invoices/${inv.id}/pdf`} download>
          Download PDF
        </a>
      </div>

      {cancelled && pay ? (
        <Notice kind="info">
          You cancelled the payment; nothing was charged. You can pay whenever you are ready.
        </Notice>
      ) : null}
      {/* A refusal whose form is gone (the invoice got paid in another tab meanwhile) still says why. */}
      {!pay ? (
        <FormError
          message={payRefusal?.formError ?? creditRefusal?.formError ?? creditRefusal?.fieldErrors.amount}
        />
      ) : null}
      {pay && !pay.credit ? (
        <FormError message={creditRefusal?.formError ?? creditRefusal?.fieldErrors.amount} />
      ) : null}

      <div className={pay ? 'invoice-layout' : undefined}>
        {pay ? (
          <aside className="card pay-box" aria-labelledby="pay-title">
            <h2 id="pay-title">Pay this invoice</h2>
            <p className="amount-due">
              <span className="muted">{inv.isOverdue ? 'Overdue' : 'Balance due'}</span>
              <strong>{inv.balance}</strong>
            </p>
            <FormError message={payRefusal?.formError} />
            {pay.gateways.length ? (
              <Form method="post" className="pay-methods">
                <CsrfInput />
                <input type="hidden" name="intent" value="pay" />
                {pay.gateways.map((g) => (
                  <button
                    key={g.id}
                    type="submit"
                    name="gateway"
                    value={g.id}
                    className={g.isDemoOnly ? 'button button-demo' : 'button'}
                    disabled={submitting === 'pay'}
                  >
                    {g.label}
                  </button>
                ))}
                {pay.gateways.some((g) => g.isDemoOnly) ? (
                  <p className="field-hint">
                    The test gateway is for trying Berth out: it takes no real money.
                  </p>
                ) : null}
                {pay.gateways.some((g) => g.isTestMode && !g.isDemoOnly) ? (
                  <p className="field-hint">Payments run in test mode: no real money is charged.</p>
                ) : null}
              </Form>
            ) : (
              <p className="muted">
                Online payment is not available at the moment. Please contact us to pay this invoice.
              </p>
            )}

            {pay.credit ? (
              <Form
                method="post"
                noValidate
                className="form credit-form"
                ref={creditRef}
                aria-labelledby="credit-title"
              >
                <h3 id="credit-title">Apply account credit</h3>
                <CsrfInput />
                <input type="hidden" name="intent" value="apply-credit" />
                <FormError message={creditRefusal?.formError} />
                <Field
                  form="credit"
                  name="amount"
                  label={`Amount (${inv.currency})`}
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={creditRefusal?.values.amount ?? pay.credit.amount}
                  error={creditRefusal?.fieldErrors.amount}
                  hint={`You have ${pay.credit.balance} of credit. Apply all of it that this invoice needs, or less.`}
                  maxLength={30}
                />
                <div className="actions">
                  <button
                    type="submit"
                    className="button button-secondary"
                    disabled={submitting === 'apply-credit'}
                  >
                    {submitting === 'apply-credit' ? 'Applying…' : 'Apply credit'}
                  </button>
                </div>
              </Form>
            ) : null}
          </aside>
        ) : null}

        <div>
          <section className="card invoice-doc" aria-label={`Invoice ${inv.number}`}>
            <div className="parties">
              <Party title="From" party={inv.seller} />
              <Party title="Billed to" party={inv.buyer} />
            </div>

            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Items</caption>
                <thead>
                  <tr>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    <th scope="col" className="num wide-only">
                      Unit price
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {inv.items.map((i) => (
                    <tr key={i.id}>
                      <td>
                        {i.description}
                        {i.untaxed ? <span className="muted"> (no tax)</span> : null}
                        {i.period ? <span className="sub">{i.period}</span> : null}
                      </td>
                      <td className="num">{i.quantity}</td>
                      <td className="num wide-only">{i.unit}</td>
                      <td className="num">{i.amount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <dl className="totals">
              <div>
                <dt>Subtotal{inv.taxIncluded ? ' (before tax)' : ''}</dt>
                <dd>{inv.subtotal}</dd>
              </div>
              {inv.taxLines.map((t) => (
                <div key={t.label}>
                  <dt>
                    {t.label} <span className="muted">on {t.base}</span>
                  </dt>
                  <dd>{t.amount}</dd>
                </div>
              ))}
              <div className="total">
                <dt>Total{inv.taxIncluded ? ' (tax included)' : ''}</dt>
                <dd>{inv.total}</dd>
              </div>
              <div>
                <dt>Paid</dt>
                <dd>{inv.paid}</dd>
              </div>
              {inv.refunded ? (
                <div>
                  <dt>Refunded</dt>
                  <dd>{inv.refunded}</dd>
                </div>
              ) : null}
              <div className="balance">
                <dt>Balance</dt>
                <dd>{inv.balance}</dd>
              </div>
            </dl>
            {inv.taxNote ? <p className="tax-note">{inv.taxNote}</p> : null}
            {inv.notes ? (
              <div className="invoice-notes">
                <h2>Notes</h2>
                <p>{inv.notes}</p>
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="payments-title">
            <h2 id="payments-title">Payments</h2>
            {inv.payments.length === 0 ? (
              <p className="muted">No payments yet.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Method</th>
                      <th scope="col">Reference</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {inv.payments.map((p) => (
                      <tr key={p.id}>
                        <td className="nowrap">{p.date}</td>
                        <td>{p.what === 'Payment' ? p.method : `${p.what} · ${p.method}`}</td>
                        <td className="reference">{p.reference}</td>
                        <td>
                          <span className={`badge badge-${p.status.tone}`}>{p.status.label}</span>
                        </td>
                        <td className="num">{p.amount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      </div>
    </>
  )
}

function Party({
  title,
  party,
}: {
  title: string
  party: { name: string; lines: string[]; taxId: string | null; email: string | null } | null
}) {
  return (
    <div className="party">
      <h2 className="party-title">{title}</h2>
      {party ? (
        <address>
          <strong>{party.name}</strong>
          {party.lines.map((l, i) => (
            <span key={i}>{l}</span>
          ))}
          {party.email ? <span>{party.email}</span> : null}
          {party.taxId ? <span>Tax ID: {party.taxId}</span> : null}
        </address>
      ) : (
        <p className="muted">—</p>
      )}
    </div>
  )
}
