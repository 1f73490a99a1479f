import { describe, expect, it } from 'vitest'
import { encryptSecret, secretBinding } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeProduct, orderAsClient, payInvoice, superAdmin } from '@berth/tests/support/catalog-factories'
import { loggedInClient } from '../test/billing'
import { usePortalServer } from '../test/portal-server'
import { Visitor } from '../test/visitor'

const portal = usePortalServer()

describe('malformed addresses', () => {
  const addresses = [
    '/store/%ff%fe',
    '/services/%E0%A4%A',
    '/invoices/abc%',
    '/?q=%ff',
    '/store?currency=%E0%A4%A',
    '/login?redirectTo=%',
    '/%',
    '/store/%C0%AF',
  ]
  it.each(addresses)("%s answers 400 with the portal's own page, never 500", async (path) => {
    const page = await new Visitor(() => portal.url).get(path)
    expect(page.status).toBe(400)
    expect(page.$('h1').text()).toBe('400 Bad Request')
    expect(page.$('title').text()).toContain('Berth')
  })

  it('a form post to a malformed address is a 400 too', async () => {
    const v = new Visitor(() => portal.url)
    await v.get('/login')
    expect((await v.post('/login%ff', { email: 'someone@example.test', password: 'x' })).status).toBe(400)
  })
})

describe('Cache-Control', () => {
  it('signed-in pages and their data answer no-store; pages for visitors are private', async () => {
    const admin = await superAdmin()
    const product = await makeProduct(admin, {
      name: 'Cached plan',
      prices: [{ cycle: 'MONTHLY', amount: 1000 }],
    })
    const client = await loggedInClient(portal)
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    await payInvoice(order.invoiceId)
    const serviceId = order.serviceIds[0]!
    await getDb().service.update({
      where: { id: serviceId },
      data: {
        username: 'root',
        passwordEnc: encryptSecret('Harbour-Light-42', secretBinding('Service.passwordEnc', serviceId)),
      },
    })

    for (const path of [
      `/services/${serviceId}`,
      '/',
      '/dashboard',
      '/invoices',
      `/services/${serviceId}.data`,
      '/store',
    ]) {
      const page = await client.visitor.get(path)
      expect(page.status, path).toBeLessThan(500)
      expect(page.headers.get('cache-control'), path).toBe('no-store')
    }
    const service = await client.visitor.get(`/services/${serviceId}`)
    expect(service.status).toBe(200)

    const visitor = new Visitor(() => portal.url)
    for (const path of ['/login', '/store']) {
      const page = await visitor.get(path)
      expect(page.status, path).toBe(200)
      expect(page.headers.get('cache-control'), path).toBe('private, no-cache')
    }
    // A route's own header stays for visitors; fingerprinted assets keep their long lifetime.
    const css = (await visitor.get('/login')).$('link[rel="stylesheet"]').attr('href')!
    expect(
      (
        await fetch(`${portal.url}${css}`, { headers: { Cookie: client.visitor.cookieHeader() } })
      ).headers.get('cache-control'),
    ).toMatch(/immutable/)
  })
})
