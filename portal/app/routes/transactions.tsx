import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getCreditBalance, listCreditEntries, listTransactions } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { billingFormat } from '~/billing/format.server'
import { CREDIT_KIND, TRANSACTION_STATUS, TRANSACTION_TYPE } from '~/billing/labels'
import { Pagination } from '~/components/pagination'

export const meta: MetaFunction = () => [{ title: 'Billing · Berth' }]

const PAGE_SIZE = 25
const CREDIT_ROWS = 20

function readPage(value: string | null): number {
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}

/**
 * `/billing/transactions`: money the client paid or got back (gateway fees are the host's business
 * and are not shown), the account credit balance and its ledger.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const page = readPage(new URL(args.request.url).searchParams.get('page'))
  const [txns, credit, entries, fmt] = await Promise.all([
    listTransactions(ctx, { page, pageSize: PAGE_SIZE }),
    getCreditBalance(ctx),
    listCreditEntries(ctx, { pageSize: CREDIT_ROWS }),
    billingFormat(ctx),
  ])
  const show = (amount: bigint, code: string) =>
    code === credit.currency.code
      ? Promise.resolve(fmt.money(amount, credit.currency))
      : fmt.moneyIn(amount, code)
  const creditEntries = await Promise.all(
    entries.items.map(async (e) => ({
      id: e.id,
      date: fmt.date(e.createdAt),
      kind: CREDIT_KIND[e.kind] ?? e.kind,
      reason: e.reason ?? '',
      invoice: e.invoiceId ? { id: e.invoiceId, number: e.invoiceNumber ?? 'Invoice' } : null,
      amount:
        e.amount < 0n ? `−${await show(-e.amount, e.currency)}` : `+${await show(e.amount, e.currency)}`,
      spent: e.amount < 0n,
      balanceAfter: await show(e.balanceAfter, e.currency),
    })),
  )
  return {
    page,
    pages: Math.max(1, Math.ceil(txns.total / PAGE_SIZE)),
    total: txns.total,
    transactions: txns.items.map((t) => {
      const outgoing = t.type === 'REFUND' || t.type === 'CHARGEBACK'
      return {
        id: t.id,
        date: fmt.date(t.createdAt),
        type: TRANSACTION_TYPE[t.type] ?? t.type,
        method: t.method,
        reference: t.gateway === 'credit' ? '' : t.gatewayTransactionId,
        invoice: t.invoiceId ? { id: t.invoiceId, number: t.invoiceNumber ?? 'Invoice' } : null,
        amount: outgoing ? `−${fmt.money(t.amount, t.currency)}` : fmt.money(t.amount, t.currency),
        outgoing,
        status: TRANSACTION_STATUS[t.status] ?? { label: t.status, tone: 'muted' },
      }
    }),
    credit: {
      balance: fmt.money(credit.balance, credit.currency),
      others: await Promise.all(credit.others.map((o) => fmt.moneyIn(o.balance, o.currency))),
    },
    creditEntries,
    moreCredit: entries.total > CREDIT_ROWS,
  }
}

export default function Transactions() {
  const { page, pages, total, transactions, credit, creditEntries, moreCredit } =
    useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>Billing</h1>
        <p className="lead">Your payments and refunds, and your account credit.</p>
      </div>

      <section className="card credit-card" aria-labelledby="credit-title">
        <div>
          <h2 id="credit-title">Account credit</h2>
          <p className="big-amount">{credit.balance}</p>
          {credit.others.length ? <p className="muted">Also: {credit.others.join(', ')}</p> : null}
          <p className="muted">Apply credit to any unpaid invoice from its page.</p>
        </div>
        <div className="credit-actions">
          <Link to="/billing/add-funds" className="button">
            Add funds
          </Link>
          <Link to="/invoices?filter=unpaid" className="button button-secondary">
            Unpaid invoices
          </Link>
        </div>
      </section>

      <section className="card flush" aria-labelledby="txn-title">
        <h2 id="txn-title" className="card-title">
          Transactions
        </h2>
        {transactions.length === 0 ? (
          <div className="empty">
            <p className="empty-title">No transactions yet</p>
            <p className="muted">Payments you make and refunds you receive are listed here.</p>
            <p>
              <Link to="/invoices">See your invoices</Link>
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Type</th>
                  <th scope="col">Method</th>
                  <th scope="col">Invoice</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {transactions.map((t) => (
                  <tr key={t.id}>
                    <td className="nowrap">{t.date}</td>
                    <td>{t.type}</td>
                    <td>
                      {t.method}
                      {t.reference ? <span className="sub reference">{t.reference}</span> : null}
                    </td>
                    <td>
                      {t.invoice ? <Link to={`/invoices/${t.invoice.id}`}>{t.invoice.number}</Link> : '—'}
                    </td>
                    <td>
                      <span className={`badge badge-${t.status.tone}`}>{t.status.label}</span>
                    </td>
                    <td className={`num${t.outgoing ? ' negative' : ''}`}>{t.amount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Pagination
        page={page}
        pages={pages}
        href={(p) => (p > 1 ? `?page=${p}` : '?')}
        label={`${total} transaction${total === 1 ? '' : 's'}`}
      />

      <section className="card flush" aria-labelledby="ledger-title">
        <h2 id="ledger-title" className="card-title">
          Credit history
        </h2>
        {creditEntries.length === 0 ? (
          <div className="empty">
            <p className="empty-title">No credit yet</p>
            <p className="muted">
              Credit comes from <Link to="/billing/add-funds">adding funds</Link>, overpayments and refunds to
              credit.
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">What</th>
                  <th scope="col">Invoice</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {creditEntries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{e.date}</td>
                    <td>
                      {e.kind}
                      {e.reason ? <span className="sub">{e.reason}</span> : null}
                    </td>
                    <td>
                      {e.invoice ? <Link to={`/invoices/${e.invoice.id}`}>{e.invoice.number}</Link> : '—'}
                    </td>
                    <td className={`num${e.spent ? ' negative' : ' positive'}`}>{e.amount}</td>
                    <td className="num">{e.balanceAfter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {moreCredit ? (
          <p className="muted table-foot">Showing the latest {creditEntries.length} entries.</p>
        ) : null}
      </section>
    </>
  )
}
