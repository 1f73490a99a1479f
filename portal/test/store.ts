import { expect } from 'vitest'
import { getDb } from '@berth/prisma'
import type { Page, Visitor } from './visitor'

/** Store helpers for portal tests: product addresses, configuration forms, cart rows. */

/** `/store/<group>/<product>` of a product. */
export async function storePath(productId: string): Promise<string> {
  const p = await getDb().product.findUniqueOrThrow({
    where: { id: productId },
    select: { slug: true, group: { select: { slug: true } } },
  })
  return `/store/${p.group.slug}/${p.slug}`
}

/** A configuration form as the product page posts it (addons repeat `addonIds`). */
export function configurationForm(input: {
  intent?: string
  cycle?: string
  options?: Record<string, string>
  addonIds?: string[]
  domain?: string
  extra?: [string, string][]
}): [string, string][] {
  const pairs: [string, string][] = [
    ['intent', input.intent ?? 'add'],
    ['cycle', input.cycle ?? 'MONTHLY'],
  ]
  for (const [id, value] of Object.entries(input.options ?? {})) pairs.push([`options.${id}`, value])
  for (const id of input.addonIds ?? []) pairs.push(['addonIds', id])
  if (input.domain !== undefined) pairs.push(['domain', input.domain])
  return [...pairs, ...(input.extra ?? [])]
}

/** Loads the product page (for its CSRF token), then posts the configuration to it. */
export async function postConfiguration(
  visitor: Visitor,
  path: string,
  form: [string, string][],
): Promise<Page> {
  await visitor.get(path)
  return visitor.post(path, form)
}

/** Adds a configured product to the visitor's cart and checks it landed in /cart. */
export async function addToCart(visitor: Visitor, path: string, form: [string, string][]): Promise<Page> {
  const page = await postConfiguration(visitor, path, form)
  expect(page.status, page.html.slice(0, 400)).toBe(302)
  expect(page.location).toBe('/cart')
  return page
}

/** Carts and cart items in the database: compare before and after a refusal. */
export async function cartCounts() {
  const db = getDb()
  const [carts, items] = await Promise.all([db.cart.count(), db.cartItem.count()])
  return { carts, items }
}

/** The price box of a product page or quote: its lines and totals as text. */
export function priceBox(page: Page) {
  const $ = page.$
  return {
    lines: $('.breakdown-lines tr')
      .map((_, tr) => $(tr).find('th').text().trim() + ' = ' + $(tr).find('td').text().trim())
      .get(),
    totals: Object.fromEntries(
      $('.breakdown-totals > div')
        .map((_, d) => [[$(d).find('dt').text().trim(), $(d).find('dd').text().trim()]])
        .get() as [string, string][],
    ),
    renewal: $('.renewal').text().trim(),
  }
}

/** The field errors a page shows, by element id. */
export function fieldErrors(page: Page): Record<string, string> {
  const out: Record<string, string> = {}
  page.$('.field-error[id]').each((_, el) => {
    out[page.$(el).attr('id')!] = page.$(el).text().trim()
  })
  return out
}
