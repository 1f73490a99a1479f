import type { DbClient } from '@berth/prisma'
import { portalLink } from '../accounts'
import { format } from '../money'
import { queueEmail } from '../notifications'
import { serviceRecipients } from '../services'
import type { PricedCart } from './price-cart'

/** The lines of the order confirmation: each product (with its hostname) and each domain, first payment. */
export function confirmationLines(priced: PricedCart): { description: string; amount: bigint }[] {
  return [
    ...priced.items.map((i) => ({
      description: `${i.product.name}${i.resolved.domain ? ` - ${i.resolved.domain}` : ''}`,
      amount: i.firstPayment,
    })),
    ...priced.domains.map((d) => ({
      description: `${d.line.action === 'register' ? 'Domain registration' : 'Domain transfer'} - ${d.line.unicode} (${d.line.years} ${d.line.years === 1 ? 'year' : 'years'})`,
      amount: d.line.amount,
    })),
  ]
}

/** Queues the order confirmation to the client's billing recipients (in the checkout's transaction). */
export async function queueOrderConfirmation(
  db: DbClient,
  input: {
    clientId: string
    orderNumber: bigint
    invoiceId: string
    invoiceNumber: string
    currency: string
    total: bigint
    items: { description: string; amount: bigint }[]
  },
) {
  const currency = await db.currency.findUniqueOrThrow({
    where: { code: input.currency },
    select: { exponent: true },
  })
  const money = (amount: bigint) => format(amount, input.currency, currency.exponent)
  for (const r of await serviceRecipients(db, input.clientId)) {
    if (!r.userId) continue
    await queueEmail(db, {
      template: 'order-confirmation',
      to: r.email,
      clientId: input.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        orderNumber: input.orderNumber.toString(),
        items: input.items.map((i) => ({ description: i.description, amount: money(i.amount) })),
        total: money(input.total),
        invoiceNumber: input.invoiceNumber,
        invoiceUrl: portalLink(`invoices/${input.invoiceId}`),
      },
    })
  }
}
