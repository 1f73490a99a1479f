import type { DbClient } from '@berth/prisma'
import type { ServiceInvoiceItem } from '../billing'
import { decryptSecret, encryptSecret, secretBinding } from '../crypto'
import { checkAvailability, loadAvailabilitySources, type AvailabilityResult } from '../domains'
import { DomainError, newRowId, type Ctx, type FieldIssue } from '../shared'
import { LIVE_DOMAIN_STATUSES } from './add-domain-to-cart'
import { findCart } from './cart-access'
import type { CartRef } from './schemas'
import type { PricedDomainItem } from './price-cart'

export type DomainLookUp = (name: string, tld: string) => Promise<AvailabilityResult>

/**
 * Checkout asks the registries once more, before any lock is taken, whether each name is still as
 * it was when it went into the cart: a name registered since is refused on its item. An `unknown`
 * answer does not hold up the order (the registrar is the judge when it runs after payment).
 */
export async function recheckCartDomains(ctx: Ctx, cartRef: CartRef, lookUp?: DomainLookUp): Promise<void> {
  const cart = await findCart(ctx.db, ctx.actor, cartRef).catch(() => null)
  const items = cart?.items.filter((i) => i.kind !== 'PRODUCT' && i.domain) ?? []
  if (!items.length) return
  const sources = lookUp ? null : await loadAvailabilitySources(ctx.db)
  const issues: FieldIssue[] = []
  for (const item of items) {
    const name = item.domain!
    const tld = name.slice(name.indexOf('.') + 1)
    const result = lookUp ? await lookUp(name, tld) : await checkAvailability(sources!, name, tld)
    if (item.kind === 'DOMAIN_REGISTER' && result.status === 'registered')
      issues.push({ field: `items.${item.id}`, message: `${name} was registered by someone else meanwhile.` })
    if (item.kind === 'DOMAIN_TRANSFER' && result.status === 'available')
      issues.push({ field: `items.${item.id}`, message: `${name} is not registered: register it instead.` })
  }
  if (issues.length)
    throw new DomainError('VALIDATION_FAILED', `${issues[0]!.message} Remove it from your cart to go on.`, {
      field: issues[0]!.field,
      issues,
    })
}

/**
 * Writes the domains of a checkout (in its transaction): one Domain row per item, PENDING for a
 * registration and PENDING_TRANSFER for a transfer, with its nameservers, ID protection and the
 * EPP code moved from the cart's seal to the domain's, and the DOMAIN invoice line for its period.
 * Nothing reaches the registrar here: paying the invoice queues `domains.fulfil` (decision 0043).
 *
 * Two checkouts of one name serialise on a transaction-scoped advisory lock per name (taken in name
 * order, so two carts never wait on each other in a circle); a name managed here already, or one
 * this client has pending, is refused on its item.
 */
export async function createOrderedDomains(
  db: DbClient,
  input: { clientId: string; orderId: string; currency: string; domains: readonly PricedDomainItem[] },
): Promise<{ domainIds: string[]; invoiceItems: ServiceInvoiceItem[] }> {
  const sorted = [...input.domains].sort((a, b) => a.line.name.localeCompare(b.line.name))
  for (const d of sorted)
    await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`domain-name:${d.line.name}`}, 0))`
  const managed = await db.domain.findMany({
    where: { name: { in: sorted.map((d) => d.line.name) }, status: { in: [...LIVE_DOMAIN_STATUSES] } },
    select: { name: true, clientId: true, status: true },
  })
  const issues: FieldIssue[] = []
  for (const d of sorted) {
    const other = managed.find(
      (m) =>
        m.name === d.line.name &&
        (m.clientId === input.clientId || (m.status !== 'PENDING' && m.status !== 'PENDING_TRANSFER')),
    )
    if (other)
      issues.push({
        field: `items.${d.line.itemId}`,
        message:
          other.status === 'PENDING' || other.status === 'PENDING_TRANSFER'
            ? `You have ordered ${d.line.unicode} already: pay its invoice to complete it.`
            : `${d.line.unicode} is already registered with us.`,
      })
  }
  if (issues.length)
    throw new DomainError('DUPLICATE', issues[0]!.message, { field: issues[0]!.field, issues })

  const domainIds: string[] = []
  const invoiceItems: ServiceInvoiceItem[] = []
  for (const d of input.domains) {
    const id = newRowId()
    const eppCode = d.line.eppCodeEnc
      ? decryptSecret(d.line.eppCodeEnc, secretBinding('CartItem.options.eppCodeEnc', d.line.itemId))
      : null
    await db.domain.create({
      data: {
        id,
        clientId: input.clientId,
        orderId: input.orderId,
        name: d.line.name,
        tld: d.line.tld,
        registrar: d.line.registrar,
        status: d.line.action === 'register' ? 'PENDING' : 'PENDING_TRANSFER',
        years: d.line.years,
        currencyCode: input.currency,
        firstPaymentAmount: d.line.amount,
        recurringAmount: d.line.renewAmount ?? d.line.amount,
        nameservers: d.line.nameservers,
        hasIdProtection: d.line.idProtection,
        hasDnsManagement: d.line.hasDnsManagement,
        eppCodeEnc: eppCode ? encryptSecret(eppCode, secretBinding('Domain.eppCodeEnc', id)) : null,
      },
    })
    domainIds.push(id)
    invoiceItems.push({ type: 'DOMAIN', domainId: id, ...d.invoiceItem })
  }
  return { domainIds, invoiceItems }
}
