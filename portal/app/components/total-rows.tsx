/** The end of every price summary (product page, cart, checkout): subtotal, each tax, due today. */
export function TotalRows({
  subtotal,
  taxLines,
  taxIncluded,
  dueToday,
  dueTodayTestId,
}: {
  subtotal: string
  taxLines: { label: string; amount: string }[]
  taxIncluded: boolean
  dueToday: string
  /** the data-testid the tests find the amount by */
  dueTodayTestId: string
}) {
  return (
    <>
      <div>
        <dt>Subtotal{taxIncluded && taxLines.length ? ' (tax included)' : ''}</dt>
        <dd>{subtotal}</dd>
      </div>
      {taxLines.map((t) => (
        <div key={t.label}>
          <dt>{t.label}</dt>
          <dd>{t.amount}</dd>
        </div>
      ))}
      <div className="balance">
        <dt>Due today</dt>
        <dd data-testid={dueTodayTestId}>{dueToday}</dd>
      </div>
    </>
  )
}
