import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { getOrder, hasBalanceDue, MANUAL_GATEWAY, paymentMethodLabel, type OrderView } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { rethrowAsNotFound } from '~/billing/responses.server'
import { StatusBadge } from '~/components/status-badge'
import { payTarget } from '~/store/checkout.server'
import { cycleLabel, orderStatus, serviceStatus } from '~/store/labels'
import { moneyIn, perCycle } from '~/store/view.server'

/**
 * `/orders/:orderId`: the order confirmation (the client's own orders only; another's is a 404
 * like one that does not exist). Right after checkout it carries `?pay=<one of our payment pages>`
 * and moves on to it by itself (meta refresh, and `location.replace` with JavaScript), so the
 * client sees the confirmation and goes straight on to paying; the link is there if neither runs.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Order ${data.order.number}` : 'Order'} · Berth` },
  ...(data?.continueTo ? [{ httpEquiv: 'refresh', content: `2;url=${data.continueTo}` }] : []),
]

async function loadOrder(
  ctx: Parameters<typeof getOrder>[0],
  orderId: string | undefined,
): Promise<OrderView> {
  try {
    return await getOrder(ctx, orderId ?? '')
  } catch (error) {
    rethrowAsNotFound(error)
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const order = await loadOrder(ctx, args.params.orderId)
  const m = await moneyIn(ctx, order.currencyCode)
  const invoice = order.invoices[0] ?? null
  const unpaid = invoice && hasBalanceDue(invoice)
  return {
    order: {
      id: order.id,
      number: order.number.toString(),
      date: m.fmt.date(order.createdAt),
      status: orderStatus(order.status),
      promotion: order.promotion?.code ?? null,
      paymentMethod:
        order.paymentMethod === MANUAL_GATEWAY
          ? 'Bank transfer'
          : paymentMethodLabel(order.paymentMethod ?? ''),
      services: order.services.map((s) => ({
        id: s.id,
        product: s.product.name,
        domain: s.domain,
        cycle: cycleLabel(s.billingCycle),
        price:
          s.billingCycle === 'ONE_TIME'
            ? m.of(s.firstPaymentAmount)
            : perCycle(m, s.recurringAmount, s.billingCycle),
        status: serviceStatus(s.status),
        addons: s.addons.map((a) => ({
          id: a.id,
          name: a.addon.name,
          price:
            a.billingCycle === 'ONE_TIME'
              ? m.of(a.recurringAmount + a.setupFee)
              : perCycle(m, a.recurringAmount, a.billingCycle),
          setupFee: a.billingCycle !== 'ONE_TIME' && a.setupFee > 0n ? m.of(a.setupFee) : null,
        })),
      })),
      invoices: order.invoices.map((i) => ({
        id: i.id,
        number: i.number ?? 'Draft',
        status: i.status,
        total: m.of(i.total),
        balance: m.of(i.balance),
      })),
    },
    invoice: invoice
      ? { id: invoice.id, number: invoice.number ?? '', balance: m.of(invoice.balance), isUnpaid: !!unpaid }
      : null,
    continueTo: unpaid ? payTarget(new URL(args.request.url).searchParams.get('pay')) : null,
  }
}

export default function Order() {
  const { order, invoice, continueTo } = useLoaderData<typeof loader>()
  useEffect(() => {
    if (!continueTo) return
    const timer = window.setTimeout(() => window.location.replace(continueTo), 1500)
    return () => window.clearTimeout(timer)
  }, [continueTo])
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="crumb">
            <Link to="/services">Services</Link>
          </p>
          <h1>
            Order {order.number}{' '}
            <span className={`badge badge-${order.status.tone}`}>{order.status.label}</span>
          </h1>
          <p className="lead">
            Placed on {order.date}. {order.services.length === 1 ? 'Its service is' : 'Its services are'} set
            up once the invoice is paid.
          </p>
        </div>
      </div>

      {invoice?.isUnpaid ? (
        <section className="card pay-next" aria-labelledby="next-title">
          <h2 id="next-title">{continueTo ? 'Taking you to the payment…' : 'Next: pay the invoice'}</h2>
          <p>
            Invoice {invoice.number} asks for <strong>{invoice.balance}</strong>.
            {continueTo ? ' If nothing happens, use the button.' : ' Pay it now to get your services going.'}
          </p>
          {continueTo ? (
            <a className="button" href={continueTo}>
              Continue to payment
            </a>
          ) : (
            <Link className="button" to={`/invoices/${invoice.id}`}>
              Pay invoice {invoice.number}
            </Link>
          )}
        </section>
      ) : null}

      <div className="columns two">
        <section className="card" aria-labelledby="services-title">
          <h2 id="services-title">Services</h2>
          <ul className="mini-list">
            {order.services.map((s) => (
              <li key={s.id}>
                <span>
                  <Link to={`/services/${s.id}`}>{s.product}</Link>
                  {s.domain ? <span className="sub">{s.domain}</span> : null}
                </span>
                <span className="muted">{s.cycle}</span>
                <span className={`badge badge-${s.status.tone}`}>{s.status.label}</span>
                <strong className="mini-amount">{s.price}</strong>
                {s.addons.length ? (
                  <ul className="mini-sublist" aria-label={`Addons of ${s.product}`}>
                    {s.addons.map((a) => (
                      <li key={a.id}>
                        <span>+ {a.name}</span>
                        <span className="mini-amount">
                          {a.price}
                          {a.setupFee ? <span className="sub">+ {a.setupFee} setup</span> : null}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="billing-title">
          <h2 id="billing-title">Billing</h2>
          <dl className="summary">
            <div>
              <dt>Payment method</dt>
              <dd>{order.paymentMethod}</dd>
            </div>
            {order.promotion ? (
              <div>
                <dt>Promotion</dt>
                <dd>{order.promotion}</dd>
              </div>
            ) : null}
            {order.invoices.map((i) => (
              <div key={i.id}>
                <dt>
                  Invoice <Link to={`/invoices/${i.id}`}>{i.number}</Link>
                </dt>
                <dd>
                  {i.total} <StatusBadge status={i.status} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </>
  )
}
