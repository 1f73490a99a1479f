import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { cancelPackageChange, requestCancellation } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser } from '~/auth/principal.server'
import { TextareaField } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { loadPendingChange, loadService } from '~/services/load.server'
import { cycleLabel, serviceStatus } from '~/store/labels'
import { moneyIn, perCycle } from '~/store/view.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.service.product : 'Service'} · Berth` },
]

const CANCELLABLE = ['PENDING', 'ACTIVE', 'SUSPENDED']

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const s = await loadService(ctx, args.params.serviceId)
  const m = await moneyIn(ctx, s.currency)
  const recurring = s.billingCycle !== 'ONE_TIME'
  const hasLogin = !!(s.login.username || s.login.password || s.login.dedicatedIp || s.login.serverHost)
  return {
    service: {
      id: s.id,
      product: s.productName,
      group: s.groupName,
      domain: s.domain,
      status: serviceStatus(s.status),
      isSuspended: s.status === 'SUSPENDED',
      suspension:
        s.status === 'SUSPENDED'
          ? s.suspendedForNonPayment
            ? 'It is suspended because an invoice is overdue. Paying it brings the service back at once.'
            : (s.suspensionReason ?? 'Please contact us.')
          : null,
      forNonPayment: s.suspendedForNonPayment,
      cycle: cycleLabel(s.billingCycle),
      price: recurring ? perCycle(m, s.recurringAmount, s.billingCycle) : m.of(s.firstPaymentAmount),
      firstPayment: m.of(s.firstPaymentAmount),
      registered: m.fmt.date(s.registrationDate),
      nextDue: m.fmt.date(s.nextDueDate),
      terminated: m.fmt.date(s.terminationDate),
      orderId: s.orderId,
      options: s.options
        .filter((o) => o.value !== '' && !(o.value === 'No' && o.quantity === 0))
        .map((o) => ({ name: o.name, value: o.value })),
      addons: s.addons.map((a) => ({
        id: a.id,
        name: a.name,
        status: serviceStatus(a.status),
        price:
          a.billingCycle === 'ONE_TIME'
            ? `${m.of(a.setupFee)} once`
            : perCycle(m, a.recurringAmount, a.billingCycle),
        nextDue: m.fmt.date(a.nextDueDate),
      })),
      login: hasLogin ? s.login : null,
      cancellation: s.openCancellation
        ? {
            type: s.openCancellation.type,
            requested: m.fmt.date(s.openCancellation.createdAt),
            reason: s.openCancellation.reason,
          }
        : null,
      canCancel: CANCELLABLE.includes(s.status) && !s.openCancellation,
      canEndOfPeriod: s.status !== 'PENDING' && recurring && !!s.nextDueDate && s.nextDueDate > new Date(),
      canChangePackage: s.canChangePackage,
      pendingChange: await loadPendingChange(ctx, s, m),
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { ctx } = await requireUser(args)
  const s = await loadService(ctx, args.params.serviceId)
  if (form.get('intent') === 'cancel-change') {
    try {
      await cancelPackageChange(ctx, { serviceId: s.id })
    } catch (error) {
      return refuse(error, { intent: 'cancel-change', fields: [] })
    }
    return redirectWithFlash(`/services/${s.id}`, {
      kind: 'success',
      message: `The package change is cancelled, and its invoice with it. ${s.productName} stays as it is.`,
    })
  }
  if (form.get('intent') !== 'cancel') throw new Response('Unknown action', { status: 400 })
  const values = formText(form, ['type', 'reason'])
  let result
  try {
    result = await requestCancellation(ctx, { serviceId: s.id, type: values.type, reason: values.reason })
  } catch (error) {
    return refuse(error, { intent: 'cancel', fields: ['type', 'reason'], values })
  }
  const m = await moneyIn(ctx, s.currency)
  const message =
    result.type === 'END_OF_PERIOD'
      ? `Your cancellation request is received: ${s.productName} stays active until ${m.fmt.date(s.nextDueDate)}, then it is cancelled and not renewed.`
      : result.state === 'done'
        ? `${s.productName} is cancelled.`
        : `Your cancellation request is received: ${s.productName} is being cancelled now.`
  return redirectWithFlash(`/services/${s.id}`, { kind: 'success', message })
}

export default function Service() {
  const { service: s } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const refusal = refusalFor(actionData, 'cancel')
  const changeRefusal = refusalFor(actionData, 'cancel-change')
  const busy = useNavigation().state === 'submitting'
  const formRef = useFocusFirstError(refusal)
  const errors = refusal?.fieldErrors ?? {}
  const chosenType = refusal?.values.type || (s.canEndOfPeriod ? 'END_OF_PERIOD' : 'IMMEDIATE')
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="crumb">
            <Link to="/services">Services</Link>
          </p>
          <h1>
            {s.product} <span className={`badge badge-${s.status.tone}`}>{s.status.label}</span>
          </h1>
          <p className="lead">{[s.domain, s.group].filter(Boolean).join(' · ')}</p>
        </div>
        {s.canChangePackage ? (
          <Link to={`/services/${s.id}/change`} className="button button-secondary">
            Upgrade or downgrade
          </Link>
        ) : null}
      </div>

      {s.pendingChange ? (
        <Notice kind="info">
          <span data-testid="pending-change">
            Your change to {s.pendingChange.to}
            {s.pendingChange.options.length ? ` (${s.pendingChange.options.join(', ')})` : ''} at{' '}
            {s.pendingChange.price} waits for payment of invoice{' '}
            <Link to={`/invoices/${s.pendingChange.invoiceId}`}>{s.pendingChange.invoiceNumber}</Link> (
            {s.pendingChange.balance} to pay). It applies as soon as the invoice is paid; unpaid by{' '}
            {s.pendingChange.payBy}, the change and its invoice expire. Until then the service stays as it is.
          </span>
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="cancel-change" />
            <button type="submit" className="button button-secondary button-small" disabled={busy}>
              Cancel the change
            </button>
          </Form>
        </Notice>
      ) : null}
      {changeRefusal?.formError ? <FormError message={changeRefusal.formError} /> : null}
      {/* A refusal whose form is gone (a request already open, the service cancelled meanwhile) still says why. */}
      {s.canCancel ? null : <FormError message={refusal?.formError} />}
      {s.suspension ? (
        <Notice kind="warning">
          {s.suspension}{' '}
          {s.forNonPayment ? <Link to="/invoices?filter=unpaid">See unpaid invoices</Link> : null}
        </Notice>
      ) : null}
      {s.cancellation ? (
        <Notice kind="info">
          You asked on {s.cancellation.requested} to cancel this service{' '}
          {s.cancellation.type === 'END_OF_PERIOD'
            ? `at the end of its period${s.nextDue ? ` (${s.nextDue})` : ''}`
            : 'now'}
          . It will not be renewed.
        </Notice>
      ) : null}

      <div className="columns two">
        <section className="card" aria-labelledby="overview-title">
          <h2 id="overview-title">Overview</h2>
          <dl className="summary">
            <div>
              <dt>Product</dt>
              <dd>{s.product}</dd>
            </div>
            {s.domain ? (
              <div>
                <dt>Domain</dt>
                <dd className="domain">{s.domain}</dd>
              </div>
            ) : null}
            <div>
              <dt>Billing cycle</dt>
              <dd>{s.cycle}</dd>
            </div>
            <div>
              <dt>Price</dt>
              <dd>{s.price}</dd>
            </div>
            <div>
              <dt>First payment</dt>
              <dd>{s.firstPayment}</dd>
            </div>
            <div>
              <dt>Registered</dt>
              <dd>{s.registered}</dd>
            </div>
            <div>
              <dt>Next due date</dt>
              <dd>{s.nextDue || '—'}</dd>
            </div>
            {s.terminated ? (
              <div>
                <dt>Ended</dt>
                <dd>{s.terminated}</dd>
              </div>
            ) : null}
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`badge badge-${s.status.tone}`}>{s.status.label}</span>
              </dd>
            </div>
          </dl>
          {s.orderId ? (
            <p className="muted small">
              <Link to={`/orders/${s.orderId}`}>See the order</Link>
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="config-title">
          <h2 id="config-title">Configuration</h2>
          {s.options.length ? (
            <dl className="summary">
              {s.options.map((o) => (
                <div key={o.name}>
                  <dt>{o.name}</dt>
                  <dd>{o.value}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">This product has no options.</p>
          )}
          <h3 className="subhead">Addons</h3>
          {s.addons.length ? (
            <ul className="mini-list">
              {s.addons.map((a) => (
                <li key={a.id}>
                  <span>{a.name}</span>
                  <span className={`badge badge-${a.status.tone}`}>{a.status.label}</span>
                  <strong className="mini-amount">{a.price}</strong>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No addons.</p>
          )}
        </section>
      </div>

      {s.login ? (
        <section className="card" aria-labelledby="login-title">
          <h2 id="login-title">Login details</h2>
          <dl className="summary login-details">
            {s.login.serverHost ? (
              <div>
                <dt>Server</dt>
                <dd className="reference-value">{s.login.serverHost}</dd>
              </div>
            ) : null}
            {s.login.dedicatedIp ? (
              <div>
                <dt>IP address</dt>
                <dd className="reference-value">{s.login.dedicatedIp}</dd>
              </div>
            ) : null}
            {s.login.username ? (
              <div>
                <dt>Username</dt>
                <dd className="reference-value">{s.login.username}</dd>
              </div>
            ) : null}
            {s.login.password ? (
              <div>
                <dt>Password</dt>
                <dd>
                  <details className="secret">
                    <summary>Show password</summary>
                    <code className="reference-value">{s.login.password}</code>
                  </details>
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="muted small">Keep these private. Change the password once you have logged in.</p>
        </section>
      ) : null}

      {s.canCancel ? (
        <section className="card danger-zone" aria-labelledby="cancel-title">
          <h2 id="cancel-title">Request cancellation</h2>
          <Form method="post" noValidate className="form" ref={formRef}>
            <CsrfInput />
            <input type="hidden" name="intent" value="cancel" />
            <FormError message={refusal?.formError} />
            <fieldset aria-describedby={errors.type ? 'cancel-type-error' : undefined}>
              <legend>When?</legend>
              <div className="choice-cards">
                {s.canEndOfPeriod ? (
                  <label className="choice-card">
                    <input
                      type="radio"
                      name="type"
                      value="END_OF_PERIOD"
                      defaultChecked={chosenType === 'END_OF_PERIOD'}
                    />
                    <span className="choice-card-body">
                      <strong>At the end of the period</strong>
                      <span className="sub">Keep it until {s.nextDue}; it is not renewed.</span>
                    </span>
                  </label>
                ) : null}
                <label className="choice-card">
                  <input
                    type="radio"
                    name="type"
                    value="IMMEDIATE"
                    defaultChecked={chosenType === 'IMMEDIATE'}
                  />
                  <span className="choice-card-body">
                    <strong>Immediately</strong>
                    <span className="sub">The service and its data are removed now.</span>
                  </span>
                </label>
              </div>
              {errors.type ? (
                <p id="cancel-type-error" className="field-error">
                  {errors.type}
                </p>
              ) : null}
            </fieldset>
            <TextareaField
              form="cancel"
              name="reason"
              label="Reason"
              hint="Tell us why you are leaving: it helps us improve."
              defaultValue={refusal?.values.reason}
              error={errors.reason}
              maxLength={2000}
              rows={3}
            />
            <div className="actions">
              <button type="submit" className="button button-danger" disabled={busy}>
                {busy ? 'Sending…' : 'Request cancellation'}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
