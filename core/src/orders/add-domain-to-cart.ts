import type { DbClient, Prisma } from '@berth/prisma'
import { encryptSecret, secretBinding } from '../crypto'
import {
  checkAvailability,
  loadAvailabilitySources,
  parseDomainName,
  parseNameserverLine,
  validateNameservers,
  type AvailabilityResult,
} from '../domains'
import { DomainError, newRowId, inTransaction, parseInput, type Ctx } from '../shared'
import { findCart, lockCart, touchCart, type CartRow } from './cart-access'
import {
  domainItemKind,
  domainItemOptions,
  loadDomainLines,
  type DomainItemOptions,
} from './domain-cart-lines'
import { addDomainToCartInput, updateDomainCartItemInput } from './schemas'

/** Statuses of a domain Berth manages now: its name cannot be registered or transferred in again. */
export const LIVE_DOMAIN_STATUSES = ['PENDING', 'PENDING_TRANSFER', 'ACTIVE', 'GRACE', 'REDEMPTION'] as const

/** Cart items of any kind; a cart is an order form, not a warehouse. */
export const MAX_CART_ITEMS = 20

/**
 * What the availability answer means for the action asked: register needs `available`; transfer
 * needs a registered name (`unknown` is let through: the registry is the judge at transfer time).
 * Register with `unknown` is refused: charging for a name that may be taken is worse than asking
 * the client to try again in a minute.
 */
export function availabilityProblem(
  action: 'register' | 'transfer',
  result: AvailabilityResult,
): string | null {
  if (action === 'register') {
    if (result.status === 'registered')
      return 'This domain is already registered. You can transfer it instead.'
    if (result.status === 'unknown')
      return 'We could not check this domain with its registry just now. Please try again in a minute.'
    return null
  }
  if (result.status === 'available') return 'This domain is not registered yet: register it instead.'
  return null
}

/** The nameservers a client typed for a new domain: none (the defaults) or 2-13 valid hosts. */
function checkedNameservers(lines: readonly string[] | undefined, domain: string): string[] | undefined {
  if (lines === undefined) return undefined
  if (!lines.length) return []
  const checked = validateNameservers(lines.map(parseNameserverLine), domain)
  if ('issues' in checked)
    throw new DomainError('VALIDATION_FAILED', checked.issues[0]!.message, {
      field: checked.issues[0]!.field,
      issues: checked.issues,
    })
  if (checked.glue.length)
    throw new DomainError(
      'VALIDATION_FAILED',
      'Nameservers inside the new domain need glue: set them on the domain page once it is registered.',
      { field: 'nameservers' },
    )
  return checked.nameservers
}

async function refuseManagedName(db: DbClient, cart: CartRow, name: string, ignoreItemId?: string) {
  if (cart.items.some((i) => i.domain === name && i.kind !== 'PRODUCT' && i.id !== ignoreItemId))
    throw new DomainError('DUPLICATE', `${name} is in your cart already.`, { field: 'name' })
  const managed = await db.domain.findFirst({
    where: { name, status: { in: [...LIVE_DOMAIN_STATUSES] } },
    select: { clientId: true, status: true },
  })
  if (!managed) return
  const isOwn = cart.clientId !== null && managed.clientId === cart.clientId
  if (isOwn && (managed.status === 'PENDING' || managed.status === 'PENDING_TRANSFER'))
    throw new DomainError('DUPLICATE', `You have ordered ${name} already: pay its invoice to complete it.`, {
      field: 'name',
    })
  // Registered and managed here (by this client or another): neither registration nor transfer applies.
  if (managed.status !== 'PENDING' && managed.status !== 'PENDING_TRANSFER')
    throw new DomainError('DUPLICATE', `${name} is already registered with us.`, { field: 'name' })
}

/**
 * Adds a domain registration or transfer to a cart. Checked now and again at checkout: the name's
 * rules, a TLD on sale with a price for the years in the cart's currency, availability (register:
 * free; transfer: registered) through the same lookup as search, the EPP code a transfer needs,
 * nameservers, and that the name is not already in the cart or managed here. The availability
 * lookup runs before the cart's lock is taken (it may wait on a registry for seconds).
 */
export async function addDomainToCart(
  ctx: Ctx,
  raw: unknown,
  options: { lookUp?: (name: string, tld: string) => Promise<AvailabilityResult> } = {},
): Promise<{ itemId: string; cartId: string; name: string }> {
  const input = parseInput(addDomainToCartInput, raw)
  const tlds = await ctx.db.tld.findMany({
    where: { isActive: true },
    select: { name: true, eppRequired: true, idProtection: true, minYears: true },
  })
  const parsed = parseDomainName(
    input.name,
    tlds.map((t) => t.name),
    'name',
  )
  const tld = tlds.find((t) => t.name === parsed.tld)!
  if (input.action === 'transfer' && tld.eppRequired && !input.eppCode)
    throw new DomainError('VALIDATION_FAILED', 'Enter the EPP (transfer) code from your current registrar.', {
      field: 'eppCode',
    })
  const nameservers = checkedNameservers(input.nameservers, parsed.ascii)
  const lookUp =
    options.lookUp ??
    (async (name: string, tldName: string) =>
      checkAvailability(await loadAvailabilitySources(ctx.db), name, tldName))
  const problem = availabilityProblem(input.action, await lookUp(parsed.ascii, parsed.tld))
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { field: 'name' })

  return inTransaction(ctx, async (tx) => {
    const found = await findCart(tx.db, tx.actor, input.cart)
    await lockCart(tx.db, found.id)
    const cart = await findCart(tx.db, tx.actor, input.cart)
    if (cart.items.length >= MAX_CART_ITEMS)
      throw new DomainError('VALIDATION_FAILED', `A cart holds at most ${MAX_CART_ITEMS} items.`, {
        field: 'name',
      })
    await refuseManagedName(tx.db, cart, parsed.ascii)
    const itemId = newRowId()
    const stored: DomainItemOptions = {
      nameservers: nameservers ?? [],
      idProtection: tld.idProtection && input.idProtection === true,
      ...(input.action === 'transfer' && input.eppCode
        ? { eppCodeEnc: encryptSecret(input.eppCode, secretBinding('CartItem.options.eppCodeEnc', itemId)) }
        : {}),
    }
    const row = {
      id: itemId,
      kind: domainItemKind(input.action),
      domain: parsed.ascii,
      years: input.years ?? tld.minYears,
      options: stored as Prisma.InputJsonValue,
    }
    // The price for these years must exist before the item is kept: a wrong period is this field's fault.
    const priced = await loadDomainLines(tx.db, cart.currencyCode, [
      { ...row, options: stored as Prisma.JsonValue, cycle: null, productId: null, addonIds: [] },
    ])
    if (priced.problems.length)
      throw new DomainError('VALIDATION_FAILED', priced.problems[0]!.message, { field: 'years' })
    await tx.db.cartItem.create({ data: { ...row, cartId: cart.id, addonIds: [] } })
    await touchCart(tx.db, cart.id)
    return { itemId, cartId: cart.id, name: parsed.unicode }
  })
}

/**
 * Changes a domain item in a cart: its years, nameservers, ID protection or (transfer) EPP code.
 * The name and action stay: a different name is a different item.
 */
export async function updateDomainCartItem(ctx: Ctx, raw: unknown): Promise<void> {
  const input = parseInput(updateDomainCartItemInput, raw)
  await inTransaction(ctx, async (tx) => {
    const found = await findCart(tx.db, tx.actor, input.cart)
    await lockCart(tx.db, found.id)
    const cart = await findCart(tx.db, tx.actor, input.cart)
    const item = cart.items.find((i) => i.id === input.itemId && i.kind !== 'PRODUCT')
    if (!item) throw new DomainError('NOT_FOUND', 'This domain is not in your cart.', { field: 'itemId' })
    const current = domainItemOptions(item.options)
    const tld = await tx.db.tld.findFirst({
      where: { name: (item.domain ?? '').slice((item.domain ?? '').indexOf('.') + 1) },
      select: { idProtection: true },
    })
    const nameservers = checkedNameservers(input.nameservers, item.domain ?? '')
    const stored: DomainItemOptions = {
      nameservers: nameservers ?? current.nameservers ?? [],
      idProtection:
        input.idProtection === undefined ? current.idProtection : !!tld?.idProtection && input.idProtection,
      ...(item.kind === 'DOMAIN_TRANSFER' && (input.eppCode || current.eppCodeEnc)
        ? {
            eppCodeEnc: input.eppCode
              ? encryptSecret(input.eppCode, secretBinding('CartItem.options.eppCodeEnc', item.id))
              : current.eppCodeEnc,
          }
        : {}),
    }
    const years = input.years ?? item.years
    const priced = await loadDomainLines(tx.db, cart.currencyCode, [
      { ...item, years, options: stored as Prisma.JsonValue },
    ])
    if (priced.problems.length)
      throw new DomainError('VALIDATION_FAILED', priced.problems[0]!.message, { field: 'years' })
    await tx.db.cartItem.update({
      where: { id: item.id },
      data: { years, options: stored as Prisma.InputJsonValue },
    })
    await touchCart(tx.db, cart.id)
  })
}
