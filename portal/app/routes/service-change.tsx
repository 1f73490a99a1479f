import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import {
  changePackage,
  DomainError,
  httpStatusFor,
  isDomainError,
  listPackageChoices,
  previewPackageChange,
  type OrderableProduct,
  type PackageChangePreview,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser } from '~/auth/principal.server'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { OptionField } from '~/components/option-field'
import { useHydrated } from '~/components/use-hydrated'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { loadPendingChange, loadService } from '~/services/load.server'
import { readConfiguration } from '~/store/configuration.server'
import { cycleLabel, optionField } from '~/store/labels'
import { productView } from '~/store/product-view.server'
import { moneyIn, perCycle, type Money } from '~/store/view.server'

/**
 * `/services/:serviceId/change`: upgrade or downgrade. The client picks another product of the
 * service's group (or other options), sees the prorated price from core's previewPackageChange
 * (a GET: nothing is written), then confirms (POST, with the amount seen: core refuses with
 * PRICE_CHANGED if it moved). An upgrade that costs money goes on to its invoice and applies when
 * it is paid (or expires with it); a downgrade applies at once and credits the account with what
 * was paid for the rest of the period (docs/decisions/0023-package-changes-apply-on-payment.md).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change package${data ? ` · ${data.service.product}` : ''} · Berth` },
]

/** A configuration's options for core: the query's when they were chosen for this product, else the service's own that fit. */
function optionsFor(
  product: OrderableProduct,
  params: URLSearchParams,
  current: Record<string, string | number | boolean>,
): Record<string, string> {
  const chosenFor = params.get('optionsFor')
  if (chosenFor === product.id) return readConfiguration(params).options
  const out: Record<string, string> = {}
  for (const o of product.options) {
    const have = current[o.id]
    if (have === undefined) continue
    if (o.type === 'YES_NO') {
      if (have === true) out[o.id] = 'yes'
    } else if (o.type === 'QUANTITY') out[o.id] = String(have)
    else if (typeof have === 'string' && o.choices.some((c) => c.id === have)) out[o.id] = have
  }
  return out
}

function previewView(m: Money, p: PackageChangePreview) {
  return {
    productId: p.newProduct.id,
    current: `${p.currentProduct.name}: ${perCycle(m, p.currentRecurring, p.cycle)}`,
    next: `${p.newProduct.name}: ${perCycle(m, p.newRecurring, p.cycle)}`,
    nextPrice: perCycle(m, p.newRecurring, p.cycle),
    options: p.options,
    days: `${p.proration.remainingDays} of ${p.proration.totalDays} days`,
    periodEnd: m.fmt.date(new Date(p.nextDueDate.getTime() - 86_400_000)),
    kind: p.proration.kind,
    amount: m.of(p.proration.amount < 0n ? -p.proration.amount : p.proration.amount),
    expectedAmount: p.proration.amount.toString(),
    charge: p.charge
      ? {
          amount: m.of(p.charge.amount),
          tax: p.charge.tax > 0n ? m.of(p.charge.tax) : null,
          total: m.of(p.charge.total),
        }
      : null,
    credit: p.credit !== null && p.proratedCredit ? m.of(p.credit) : null,
    /** the credit is less than the prorated difference: less was paid for the rest of the period */
    creditBounded:
      p.credit !== null && p.proratedCredit !== null && p.credit < p.proratedCredit
        ? m.of(p.proratedCredit)
        : null,
    payBy: p.expiresOn ? m.fmt.date(p.expiresOn) : null,
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const s = await loadService(ctx, args.params.serviceId)
  const m = await moneyIn(ctx, s.currency)
  const service = {
    id: s.id,
    product: s.productName,
    domain: s.domain,
    cycle: cycleLabel(s.billingCycle),
    price: perCycle(m, s.recurringAmount, s.billingCycle),
    nextDue: m.fmt.date(s.nextDueDate),
  }
  const pending = await loadPendingChange(ctx, s, m)
  if (pending) {
    const why = `Your change to ${pending.to} waits for payment of invoice ${pending.invoiceNumber} (${pending.balance}, pay by ${pending.payBy}): pay it and the change applies, or cancel that change on the service page before asking for another.`
    return {
      service,
      blocked: why,
      pending,
      products: [],
      selected: null,
      values: {},
      preview: null,
      errors: {},
      formError: null,
    }
  }
  if (!s.canChangePackage) {
    const why =
      s.status !== 'ACTIVE'
        ? 'Only an active service can change package.'
        : s.billingCycle === 'ONE_TIME'
          ? 'A one-time purchase has no period to change: order the other product instead.'
          : s.openCancellation
            ? 'A cancellation is requested for this service.'
            : 'This service has an unpaid period: pay its invoice first, then change the package.'
    return {
      service,
      blocked: why,
      pending: null,
      products: [],
      selected: null,
      values: {},
      preview: null,
      errors: {},
      formError: null,
    }
  }
  const choices = await listPackageChoices(ctx, s.id)
  const params = new URL(args.request.url).searchParams
  const selected =
    choices.products.find((p) => p.id === params.get('product')) ??
    choices.products.find((p) => p.id === choices.currentProductId) ??
    choices.products[0]
  const options = selected ? optionsFor(selected, params, choices.currentOptions) : {}
  let preview = null
  let errors: Record<string, string> = {}
  let formError: string | null = null
  if (selected && params.get('preview') === '1') {
    try {
      preview = previewView(
        m,
        await previewPackageChange(ctx, { serviceId: s.id, productId: selected.id, options }),
      )
    } catch (error) {
      if (!isDomainError(error) || httpStatusFor(error) >= 500) throw error
      for (const [field, message] of Object.entries(error.fieldErrors())) {
        if (field.startsWith('options.')) errors[field] ??= message
        else formError ??= message
      }
      if (!Object.keys(errors).length) formError ??= error.message
      errors = { ...errors }
    }
  }
  const values: Record<string, string> = {}
  for (const [id, v] of Object.entries(options)) values[id] = v
  return {
    service,
    blocked: null,
    pending: null,
    products: choices.products.map((p) => ({
      id: p.id,
      name: p.name,
      price: perCycle(m, p.prices[s.billingCycle as keyof typeof p.prices]!.amount, s.billingCycle),
      isCurrent: p.id === choices.currentProductId,
    })),
    selected: selected ? { ...productView(m, selected), cycle: s.billingCycle } : null,
    values,
    preview,
    errors,
    formError,
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { ctx } = await requireUser(args)
  const s = await loadService(ctx, args.params.serviceId)
  if (form.get('intent') !== 'confirm') throw new Response('Unknown action', { status: 400 })
  const { productId, expectedAmount } = formText(form, ['productId', 'expectedAmount'])
  const { options } = readConfiguration(form)
  let changed
  try {
    // Confirming means confirming the price that was shown: no amount, no change.
    if (!/^-?\d{1,19}$/.test(expectedAmount))
      throw new DomainError('VALIDATION_FAILED', 'Show the price of the change first, then confirm it.', {
        field: 'expectedAmount',
      })
    changed = await changePackage(ctx, { serviceId: s.id, productId, options, expectedAmount })
  } catch (error) {
    return refuse(error, { intent: 'confirm', fields: [] })
  }
  const m = await moneyIn(ctx, s.currency)
  const target = `${changed.newProduct.name}${changed.newProduct.id === changed.currentProduct.id ? ' with its new options' : ''}, at ${perCycle(m, changed.newRecurring, changed.cycle)}`
  if (changed.status === 'PENDING' && changed.invoiceId && changed.charge) {
    const expires = changed.expiresOn ? ` by ${m.fmt.date(changed.expiresOn)}` : ''
    return redirectWithFlash(`/invoices/${changed.invoiceId}`, {
      kind: 'success',
      message: `Your change to ${target} applies when this invoice of ${m.of(changed.charge.total)} is paid. Pay it${expires}; unpaid, the change and the invoice expire. Until then ${s.productName} stays as it is.`,
    })
  }
  const now = `${s.productName} is now ${target}.`
  if (changed.credit) {
    return redirectWithFlash(`/services/${s.id}`, {
      kind: 'success',
      message: `${now} ${m.of(changed.credit)} for the rest of the current period is added to your account credit.`,
    })
  }
  return redirectWithFlash(`/services/${s.id}`, { kind: 'success', message: now })
}

export default function ServiceChange() {
  const { service, blocked, pending, products, selected, values, preview, errors, formError } =
    useLoaderData<typeof loader>()
  const refusal = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const hydrated = useHydrated()
  const submit = useSubmit()
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to={`/services/${service.id}`}>{service.product}</Link>
        </p>
        <h1>Upgrade or downgrade</h1>
        <p className="lead">
          {service.product}
          {service.domain ? ` · ${service.domain}` : ''} · {service.price} now. An upgrade applies when its
          invoice for the difference until {service.nextDue} is paid; a downgrade applies at once, with credit
          for what you paid for the rest of the period.
        </p>
      </div>
      {blocked ? (
        <Notice kind="info">
          <span data-testid="change-blocked">{blocked}</span>{' '}
          {pending ? <Link to={`/invoices/${pending.invoiceId}`}>Pay the invoice</Link> : null}
          {pending ? ' · ' : null}
          <Link to={`/services/${service.id}`}>Back to the service</Link>
        </Notice>
      ) : (
        <div className="configure-layout">
          <Form
            method="get"
            className="form card"
            id="change"
            onChange={(e) => {
              // Another product: show its options (keeping the current ones that fit).
              if ((e.target as HTMLInputElement).name === 'product')
                submit(e.currentTarget, { preventScrollReset: true, replace: true })
            }}
          >
            <fieldset>
              <legend>Package</legend>
              <div className="choice-cards stacked">
                {products.map((p) => (
                  <label key={p.id} className="choice-card">
                    <input type="radio" name="product" value={p.id} defaultChecked={p.id === selected?.id} />
                    <span className="choice-card-body">
                      <strong>
                        {p.name}
                        {p.isCurrent ? <span className="tag">Current</span> : null}
                      </strong>
                      <span>{p.price}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {selected ? <input type="hidden" name="optionsFor" value={selected.id} /> : null}
            {selected && selected.options.length ? (
              <fieldset>
                <legend>Options</legend>
                <div className="option-list">
                  {selected.options.map((o) => (
                    <OptionField
                      key={o.id}
                      form="change"
                      option={o}
                      cycle={selected.cycle}
                      value={values[o.id]}
                      error={errors[optionField(o.id)]}
                    />
                  ))}
                </div>
              </fieldset>
            ) : null}
            <div className="actions">
              {hydrated ? null : (
                <button type="submit" className="button button-secondary">
                  Show options
                </button>
              )}
              <button type="submit" name="preview" value="1" className="button">
                Show the price
              </button>
            </div>
          </Form>

          <aside className="card price-box" aria-labelledby="preview-title">
            <h2 id="preview-title">The change</h2>
            <FormError message={formError ?? (refusal && !refusal.ok ? refusal.formError : null)} />
            {preview ? (
              <>
                <dl className="summary">
                  <div>
                    <dt>Now</dt>
                    <dd>{preview.current}</dd>
                  </div>
                  <div>
                    <dt>After</dt>
                    <dd>{preview.next}</dd>
                  </div>
                  {preview.options.map((o) => (
                    <div key={o.name}>
                      <dt className="indent">{o.name}</dt>
                      <dd>{o.value}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>Rest of the period</dt>
                    <dd>{preview.days}</dd>
                  </div>
                </dl>
                {preview.charge ? (
                  <dl className="totals">
                    <div>
                      <dt>Prorated difference</dt>
                      <dd>{preview.charge.amount}</dd>
                    </div>
                    {preview.charge.tax ? (
                      <div>
                        <dt>Tax</dt>
                        <dd>{preview.charge.tax}</dd>
                      </div>
                    ) : null}
                    <div className="balance">
                      <dt>To pay</dt>
                      <dd data-testid="change-total">{preview.charge.total}</dd>
                    </div>
                  </dl>
                ) : preview.credit ? (
                  <>
                    <dl className="totals">
                      <div className="balance">
                        <dt>Credit to your account</dt>
                        <dd data-testid="change-credit">{preview.credit}</dd>
                      </div>
                    </dl>
                    {preview.creditBounded ? (
                      <p className="field-hint" data-testid="change-credit-bounded">
                        The difference is {preview.creditBounded}, but credit covers only what you paid for
                        the rest of the period (less the new package&apos;s price for it).
                      </p>
                    ) : null}
                  </>
                ) : (
                  <p>The price stays the same: nothing to pay.</p>
                )}
                <Form method="post" className="stack">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="productId" value={preview.productId} />
                  <input type="hidden" name="expectedAmount" value={preview.expectedAmount} />
                  {Object.entries(values).map(([id, v]) => (
                    <input key={id} type="hidden" name={optionField(id)} value={v} />
                  ))}
                  <button type="submit" className="button button-block" disabled={busy}>
                    {preview.charge
                      ? `Confirm and go to the invoice of ${preview.charge.total}`
                      : preview.credit
                        ? 'Confirm the downgrade'
                        : 'Confirm the change'}
                  </button>
                  <p className="field-hint" data-testid="change-when">
                    {preview.charge
                      ? `The change applies when its invoice (the difference until ${preview.periodEnd}) is paid; until then the service stays as it is. Unpaid by ${preview.payBy}, the change and its invoice expire. From ${service.nextDue} the service renews at ${preview.nextPrice}.`
                      : `The change applies at once. Your next invoices use the new price${preview.credit ? '; the credit pays towards them' : ''}.`}
                  </p>
                </Form>
              </>
            ) : (
              <p className="muted">
                Choose a package and its options, then “Show the price” to see what the change costs before
                you confirm it.
              </p>
            )}
          </aside>
        </div>
      )}
    </>
  )
}
