import { invoiceStatus } from '~/billing/labels'

/** An invoice's status in words, coloured; the colour is never the only signal. */
export function StatusBadge({ status }: { status: string }) {
  const { label, tone } = invoiceStatus(status)
  return <span className={`badge badge-${tone}`}>{label}</span>
}
