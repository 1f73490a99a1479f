import { expect } from 'vitest'
import { hashPassword } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeBillingClient, type BillingClientOptions } from '@berth/tests/support/billing-factories'
import { TEST_PASSWORD } from '@berth/tests/support/factories'
import { logIn } from './fixtures'
import { Visitor, type Page } from './visitor'

/** Billing helpers for portal tests: logged-in clients made fast, redirects followed, rows read. */

let passwordHash: Promise<string> | undefined

/**
 * A client (written directly, like core's billing tests) whose owner can log in, logged in as a
 * Visitor. The password is hashed once per file: registration is not what these tests are about.
 */
export async function loggedInClient(portal: { readonly url: string }, options: BillingClientOptions = {}) {
  const client = await makeBillingClient(options)
  passwordHash ??= hashPassword(TEST_PASSWORD)
  await getDb().user.update({ where: { id: client.userId }, data: { passwordHash: await passwordHash } })
  const visitor = new Visitor(() => portal.url)
  await logIn(visitor, client.email, TEST_PASSWORD)
  return { ...client, visitor }
}

/** The path and query of a Location on the portal (absolute ones are made with PORTAL_URL). */
export function portalPath(location: string | null): string {
  expect(location, 'a redirect').toBeTruthy()
  const url = new URL(location!, 'http://portal.invalid')
  return `${url.pathname}${url.search}`
}

/** Follows a redirect answer on the portal, as a browser would. */
export async function follow(visitor: Visitor, page: Page): Promise<Page> {
  expect([301, 302, 303, 307], `a redirect, got ${page.status}: ${page.html.slice(0, 300)}`).toContain(
    page.status,
  )
  return visitor.get(portalPath(page.location))
}

/** The invoice page's pay buttons, by label, with their gateway ids. */
export function payButtons(page: Page): Record<string, string> {
  const out: Record<string, string> = {}
  page.$('form button[name="gateway"]').each((_, el) => {
    out[page.$(el).text().trim()] = page.$(el).attr('value') ?? ''
  })
  return out
}

/** Pressing "Pay with …" on an invoice page: the hand-off page's checkout link (or the same-site checkout path). */
export async function startCheckout(
  visitor: Visitor,
  invoiceId: string,
  gateway: string,
): Promise<{ checkoutUrl: string; handoff: Page | null }> {
  await visitor.get(`/invoices/${invoiceId}`)
  const posted = await visitor.post(`/invoices/${invoiceId}`, { intent: 'pay', gateway })
  expect(posted.status, posted.html.slice(0, 500)).toBe(303)
  const target = portalPath(posted.location)
  if (!target.startsWith(`/billing/pay/${gateway}/continue?`)) return { checkoutUrl: target, handoff: null }
  const handoff = await visitor.get(target)
  expect(handoff.status).toBe(200)
  const link = handoff.$('main a.button').attr('href')!
  expect(handoff.$('meta[http-equiv="refresh"]').attr('content')).toBe(`0;url=${link}`)
  return { checkoutUrl: link, handoff }
}

/** A gateway's hosted page, driven as a browser would (no cookies of ours go there). */
export async function fakeGatewayPage(
  url: string,
  action?: string,
): Promise<{ status: number; location: string | null; html: string }> {
  const res = await fetch(
    url,
    action
      ? {
          method: 'POST',
          body: new URLSearchParams({ action }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        }
      : { redirect: 'manual' },
  )
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

/** Invoice and money rows of an invoice, for assertions. */
export async function invoiceRow(invoiceId: string) {
  return getDb().invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      status: true,
      balance: true,
      amountPaid: true,
      creditApplied: true,
      number: true,
      transactions: { select: { gateway: true, amount: true, fee: true, type: true } },
    },
  })
}
