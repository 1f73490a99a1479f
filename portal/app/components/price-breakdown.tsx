import type { ReactNode } from 'react'
import { TotalRows } from './total-rows'

/** The live price of a configuration, as /store/quote and the product page's loader send it. */
export interface BreakdownData {
  cycle: string
  cycleLabel: string
  lines: { key: string; kind: string; description: string; price: string; setupFee: string | null }[]
  setupFees: string | null
  discount: string | null
  promoCode: string | null
  promoError: string | null
  subtotal: string
  taxLines: { label: string; amount: string }[]
  taxIncluded: boolean
  taxCalculated: boolean
  dueToday: string
  renewal: string | null
}

/**
 * Recurring price per line, then what the first payment holds: setup fees, discount, tax, and the
 * amount due today; then what renews and when. `stale` dims it while a new price is on its way.
 */
export function PriceBreakdown({
  quote,
  stale = false,
  error,
  children,
}: {
  quote: BreakdownData
  stale?: boolean
  error?: string | null
  children?: ReactNode
}) {
  return (
    <div className={`breakdown${stale ? ' is-stale' : ''}`} aria-live="polite" aria-busy={stale || undefined}>
      {error ? <p className="field-error breakdown-error">{error}</p> : null}
      <table className="breakdown-lines">
        <caption className="visually-hidden">Price per item ({quote.cycleLabel.toLowerCase()})</caption>
        <tbody>
          {quote.lines.map((l) => (
            <tr key={l.key} className={`line-${l.kind}`}>
              <th scope="row">
                {l.description}
                {l.setupFee ? <span className="sub">+ {l.setupFee} setup</span> : null}
              </th>
              <td className="num">{l.price}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals breakdown-totals">
        {quote.setupFees ? (
          <div>
            <dt>Setup fees</dt>
            <dd>{quote.setupFees}</dd>
          </div>
        ) : null}
        {quote.discount ? (
          <div className="discount">
            <dt>Discount{quote.promoCode ? ` (${quote.promoCode})` : ''}</dt>
            <dd>{quote.discount}</dd>
          </div>
        ) : null}
        <TotalRows
          subtotal={quote.subtotal}
          taxLines={quote.taxLines}
          taxIncluded={quote.taxIncluded}
          dueToday={quote.dueToday}
          dueTodayTestId="due-today"
        />
      </dl>
      {quote.taxCalculated ? null : (
        <p className="field-hint">Tax, if any, is added at checkout once we know your address.</p>
      )}
      {quote.renewal ? (
        <p className="renewal">{quote.renewal}</p>
      ) : (
        <p className="renewal">A one-time payment: nothing renews.</p>
      )}
      {quote.promoError ? (
        <p className="field-hint">
          Promotion {quote.promoCode}: {quote.promoError}
        </p>
      ) : null}
      {children}
    </div>
  )
}
