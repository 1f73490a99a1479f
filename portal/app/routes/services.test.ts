import { beforeAll, describe, expect, it } from 'vitest'
import { encryptSecret, formatDate, previewPackageChange, secretBinding, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  makeGroup,
  makeProduct,
  makeVpsCatalog,
  orderAsClient,
  orderCounts,
  payInvoice,
  superAdmin,
  type OrderItemSpec,
} from '@berth/tests/support/catalog-factories'
import { follow, loggedInClient } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { fieldErrors } from '../../test/store'
import { alerts, field } from '../../test/visitor'

/**
 * The client's services over HTTP: the list and the page (own only: another client's service is
 * the same 404 as none), cancellation requests, and package changes whose previewed price is the
 * one changePackage then invoices (or credits).
 */
const portal = usePortalServer()
let admin: Ctx
let small: { id: string }
let big: { id: string }
let hidden: { id: string }
let elsewhere: { id: string }
let vps: Awaited<ReturnType<typeof makeVpsCatalog>>

beforeAll(async () => {
  admin = await superAdmin()
  const group = await makeGroup(admin, { name: 'Hosting' })
  small = await makeProduct(admin, {
    groupId: group.id,
    name: 'Small',
    prices: [{ cycle: 'MONTHLY', amount: 1000 }],
  })
  big = await makeProduct(admin, {
    groupId: group.id,
    name: 'Big',
    prices: [{ cycle: 'MONTHLY', amount: 2500 }],
  })
  hidden = await makeProduct(admin, {
    groupId: group.id,
    name: 'Staff only',
    isHidden: true,
    prices: [{ cycle: 'MONTHLY', amount: 5000 }],
  })
  elsewhere = await makeProduct(admin, {
    name: 'Another group',
    prices: [{ cycle: 'MONTHLY', amount: 4000 }],
  })
  vps = await makeVpsCatalog(admin, { name: 'Cloud VPS' })
})

/** A logged-in client with a paid (active) service of the product. */
async function clientWithService(item: OrderItemSpec) {
  const a = await loggedInClient(portal)
  const order = await orderAsClient(a.ctx, [item])
  await payInvoice(order.invoiceId)
  return { ...a, serviceId: order.serviceIds[0]!, orderId: order.orderId }
}

describe('/services', () => {
  it('lists the client’s own services, shows one in full, and answers 404 for another client’s', async () => {
    const a = await clientWithService({
      productId: vps.product.id,
      options: { [vps.ram.id]: vps.ram4.id, [vps.ips.id]: 2, [vps.managed.id]: true },
      addonIds: [vps.backups.id],
      domain: 'vps.a.example',
    })
    const b = await clientWithService({ productId: small.id })
    const service = await getDb().service.update({
      where: { id: a.serviceId },
      data: {
        username: 'root',
        passwordEnc: encryptSecret('Harbour-Light-42', secretBinding('Service.passwordEnc', a.serviceId)),
        dedicatedIp: '192.0.2.7',
      },
    })
    const due = formatDate(service.nextDueDate!)

    const list = await a.visitor.get('/services')
    expect(list.status).toBe(200)
    const rows = list
      .$('tbody tr')
      .map((_, tr) =>
        list
          .$(tr)
          .children()
          .map((__, c) => list.$(c).text().trim())
          .get()
          .join(' | '),
      )
      .get()
    expect(rows).toEqual([
      `Cloud VPSvps.a.example$32.00/mo · due ${due} | Active | Monthly | $32.00/mo | ${due}`,
    ])
    expect(list.html).not.toContain(b.serviceId)
    expect(list.$('nav[aria-label="Main"] a.active').text()).toBe('Services')

    const page = await a.visitor.get(`/services/${a.serviceId}`)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe('Cloud VPS Active')
    const overview = Object.fromEntries(
      page
        .$('#overview-title')
        .parent()
        .find('.summary > div')
        .map((_, d) => [[page.$(d).find('dt').text(), page.$(d).find('dd').text()]])
        .get() as [string, string][],
    )
    expect(overview).toMatchObject({
      Product: 'Cloud VPS',
      Domain: 'vps.a.example',
      'Billing cycle': 'Monthly',
      Price: '$32.00/mo',
      'Next due date': due,
      Status: 'Active',
    })
    const config = page
      .$('#config-title')
      .parent()
      .find('.summary > div')
      .map((_, d) => `${page.$(d).find('dt').text()}: ${page.$(d).find('dd').text()}`)
      .get()
    expect(config).toEqual(['RAM: 4 GB', 'Extra IPs: 2', 'Managed: Yes'])
    expect(page.$('#config-title').parent().find('.mini-list li').text()).toBe('Daily backupsActive$4.00/mo')
    const login = page.$('#login-title').parent().text()
    expect(login).toContain('192.0.2.7')
    expect(login).toContain('root')
    expect(page.$('.secret code').text()).toBe('Harbour-Light-42')
    expect(page.$(`a[href="/services/${a.serviceId}/change"]`).text()).toBe('Upgrade or downgrade')
    expect(page.$(`a[href="/orders/${a.orderId}"]`).length).toBe(1)

    // Someone else's service, however it is reached: the 404 page, nothing written.
    const before = await orderCounts()
    for (const path of [
      `/services/${b.serviceId}`,
      `/services/${b.serviceId}/change`,
      `/services/${b.serviceId}/change?product=${small.id}&preview=1`,
      '/services/not-a-uuid',
      `/orders/${b.orderId}`,
    ]) {
      const other = await a.visitor.get(path)
      expect(other.status, path).toBe(404)
      expect(other.$('h1').text()).toBe('Page not found')
    }
    await a.visitor.get('/services')
    const post = await a.visitor.post(`/services/${b.serviceId}`, {
      intent: 'cancel',
      type: 'IMMEDIATE',
      reason: 'Not mine to cancel',
    })
    expect(post.status).toBe(404)
    const change = await a.visitor.post(`/services/${b.serviceId}/change`, {
      intent: 'confirm',
      productId: big.id,
    })
    expect(change.status).toBe(404)
    expect(await orderCounts()).toEqual(before)
    expect(await getDb().cancellationRequest.count({ where: { serviceId: b.serviceId } })).toBe(0)
  })

  it('has an empty state that leads to the store, as the dashboard does', async () => {
    const { visitor } = await loggedInClient(portal)
    const page = await visitor.get('/services')
    expect(page.$('.empty-title').text()).toBe('You have no services yet')
    expect(page.$('.empty a[href="/store"]').text()).toBe('Browse the store')
    const dashboard = await visitor.get('/')
    expect(dashboard.$('#panel-services').parent().find('a[href="/store"]').text()).toBe('Browse the store')
    expect(
      dashboard
        .$('.tile a')
        .filter((_, a) => dashboard.$(a).text().includes('Active services'))
        .attr('href'),
    ).toBe('/store')
  })
})

describe('cancellation', () => {
  it('takes a reason, then cancels at the end of the period or at once', async () => {
    const a = await clientWithService({ productId: small.id })
    const path = `/services/${a.serviceId}`
    await a.visitor.get(path)
    const before = await orderCounts()
    const noReason = await a.visitor.post(path, { intent: 'cancel', type: 'END_OF_PERIOD', reason: ' ' })
    expect(noReason.status).toBe(422)
    expect(field(noReason, 'cancel', 'reason').error).toBe('Tell us why (at least 3 characters)')
    const noType = await a.visitor.post(path, {
      intent: 'cancel',
      type: 'WHENEVER',
      reason: 'Moving elsewhere',
    })
    expect(noType.status).toBe(422)
    expect(fieldErrors(noType)['cancel-type-error']).toBe('Choose when to cancel')
    expect(await orderCounts()).toEqual(before)

    const service = await getDb().service.findUniqueOrThrow({ where: { id: a.serviceId } })
    const requested = await follow(
      a.visitor,
      await a.visitor.post(path, { intent: 'cancel', type: 'END_OF_PERIOD', reason: 'Moving elsewhere' }),
    )
    expect(alerts(requested)).toContain(
      `Your cancellation request is received: Small stays active until ${formatDate(service.nextDueDate!)}, then it is cancelled and not renewed.`,
    )
    expect(requested.$('h1').text()).toBe('Small Active')
    expect(requested.$('#cancel-title').length).toBe(0)
    expect(requested.$(`a[href="${path}/change"]`).length).toBe(0)
    expect(
      await getDb().cancellationRequest.findFirstOrThrow({ where: { serviceId: a.serviceId } }),
    ).toMatchObject({ type: 'END_OF_PERIOD', reason: 'Moving elsewhere', status: 'OPEN' })
    const twice = await a.visitor.post(path, {
      intent: 'cancel',
      type: 'IMMEDIATE',
      reason: 'Changed my mind',
    })
    expect(twice.status).toBe(409)
    expect(twice.$('[role="alert"]').text()).toBe('A cancellation request is already open for this service.')
    expect(await getDb().cancellationRequest.count({ where: { serviceId: a.serviceId } })).toBe(1)

    const b = await clientWithService({ productId: small.id })
    await b.visitor.get(`/services/${b.serviceId}`)
    const now = await follow(
      b.visitor,
      await b.visitor.post(`/services/${b.serviceId}`, {
        intent: 'cancel',
        type: 'IMMEDIATE',
        reason: 'No longer needed',
      }),
    )
    expect(alerts(now)).toContain('Small is cancelled.')
    expect(now.$('h1').text()).toBe('Small Cancelled')
    expect((await getDb().service.findUniqueOrThrow({ where: { id: b.serviceId } })).status).toBe('CANCELLED')
  })
})

describe('upgrade or downgrade', () => {
  it('previews the prorated price that the change then invoices; refuses a tampered amount or product, writing nothing', async () => {
    const a = await clientWithService({ productId: small.id })
    const path = `/services/${a.serviceId}/change`
    const page = await a.visitor.get(path)
    expect(page.status).toBe(200)
    expect(
      page
        .$('input[name="product"]')
        .map((_, el) => page.$(el).parent().find('strong').text())
        .get(),
    ).toEqual(['Big', 'SmallCurrent'])
    expect(page.$('#preview-title').parent().text()).toContain('Show the price')

    const expected = await previewPackageChange(a.ctx, {
      serviceId: a.serviceId,
      productId: big.id,
      options: {},
    })
    expect(expected.charge).not.toBeNull()
    const preview = await a.visitor.get(
      `${path}?${new URLSearchParams({ product: big.id, optionsFor: big.id, preview: '1' })}`,
    )
    const shown = preview.$('[data-testid="change-total"]').text()
    expect(shown).toBe(`$${(Number(expected.charge!.total) / 100).toFixed(2)}`)
    expect(preview.$('input[name="expectedAmount"]').attr('value')).toBe(expected.proration.amount.toString())
    expect(preview.$('.price-box button').text()).toBe(`Confirm and go to the invoice of ${shown}`)
    // the page no longer says an upgrade applies at once: it applies when paid, and says by when it expires
    expect(preview.$('[data-testid="change-when"]').text()).toContain('The change applies when its invoice')
    expect(preview.$('[data-testid="change-when"]').text()).toContain(
      `Unpaid by ${formatDate(expected.expiresOn!)}, the change and its invoice expire.`,
    )
    expect(preview.html).not.toContain('The change applies at once')

    const before = await orderCounts()
    const tampered = await a.visitor.post(path, { intent: 'confirm', productId: big.id, expectedAmount: '1' })
    expect(tampered.status).toBe(409)
    expect(tampered.$('.price-box [role="alert"]').text()).toBe(
      'The price of this change has changed since you saw it. Please review it again.',
    )
    const noAmount = await a.visitor.post(path, { intent: 'confirm', productId: big.id })
    expect(noAmount.$('.price-box [role="alert"]').text()).toBe(
      'Show the price of the change first, then confirm it.',
    )
    for (const productId of [hidden.id, elsewhere.id, vps.product.id]) {
      const refused = await a.visitor.post(path, { intent: 'confirm', productId, expectedAmount: '0' })
      expect(refused.status, productId).toBe(422)
      expect(refused.$('.price-box [role="alert"]').text()).toBe(
        'Choose one of the products offered for this service.',
      )
    }
    expect(await orderCounts()).toEqual(before)

    const confirmed = await a.visitor.post(path, {
      intent: 'confirm',
      productId: big.id,
      expectedAmount: preview.$('input[name="expectedAmount"]').attr('value')!,
    })
    expect(confirmed.status).toBe(302)
    const invoiceId = /^\/invoices\/([0-9a-f-]{36})$/.exec(confirmed.location ?? '')?.[1]
    expect(invoiceId).toBeTruthy()
    const invoicePage = await follow(a.visitor, confirmed)
    expect(alerts(invoicePage).join(' ')).toContain(
      `Your change to Big, at $25.00/mo applies when this invoice of ${shown} is paid. Pay it by ${formatDate(expected.expiresOn!)}`,
    )
    expect(
      invoicePage.$('form button[name="gateway"]').length + invoicePage.$('.pay-box').length,
    ).toBeGreaterThan(0)
    const invoice = await getDb().invoice.findUniqueOrThrow({
      where: { id: invoiceId! },
      include: { items: true },
    })
    expect(invoice.total).toBe(expected.charge!.total)
    expect(invoice.items.map((i) => [i.type, i.amount])).toEqual([['PRORATION', expected.charge!.amount]])
    // unpaid, the service stays Small; its page and the change page say what waits, for which invoice, until when
    expect(await getDb().service.findUniqueOrThrow({ where: { id: a.serviceId } })).toMatchObject({
      productId: small.id,
      recurringAmount: 1000n,
    })
    const servicePage = await a.visitor.get(`/services/${a.serviceId}`)
    const notice = servicePage.$('[data-testid="pending-change"]').text().replace(/\s+/g, ' ')
    expect(notice).toContain('Your change to Big at $25.00/mo waits for payment of invoice')
    expect(notice).toContain(
      `unpaid by ${formatDate(expected.expiresOn!)}, the change and its invoice expire`,
    )
    expect(servicePage.$(`[data-testid="pending-change"] a[href="/invoices/${invoiceId}"]`).length).toBe(1)
    const blocked = await a.visitor.get(path)
    expect(blocked.$('[data-testid="change-blocked"]').text()).toContain(
      'Your change to Big waits for payment of invoice',
    )
    const second = await a.visitor.post(path, {
      intent: 'confirm',
      productId: big.id,
      expectedAmount: expected.proration.amount.toString(),
    })
    expect(second.status).toBe(409)
    // the client cancels it: the invoice goes with it
    const cancelled = await follow(
      a.visitor,
      await a.visitor.post(`/services/${a.serviceId}`, { intent: 'cancel-change' }),
    )
    expect(alerts(cancelled).join(' ')).toContain('The package change is cancelled, and its invoice with it.')
    expect((await getDb().invoice.findUniqueOrThrow({ where: { id: invoiceId! } })).status).toBe('CANCELLED')
    expect(cancelled.$('[data-testid="pending-change"]').length).toBe(0)
  })

  it('credits a downgrade, and shows option errors on their field', async () => {
    const a = await clientWithService({ productId: big.id })
    const path = `/services/${a.serviceId}/change`
    const expected = await previewPackageChange(a.ctx, {
      serviceId: a.serviceId,
      productId: small.id,
      options: {},
    })
    const preview = await a.visitor.get(
      `${path}?${new URLSearchParams({ product: small.id, optionsFor: small.id, preview: '1' })}`,
    )
    const credit = preview.$('[data-testid="change-credit"]').text()
    expect(credit).toBe(`$${(Number(expected.credit!) / 100).toFixed(2)}`)
    const done = await follow(
      a.visitor,
      await a.visitor.post(path, {
        intent: 'confirm',
        productId: small.id,
        expectedAmount: preview.$('input[name="expectedAmount"]').attr('value')!,
      }),
    )
    expect(alerts(done)).toContain(
      `Big is now Small, at $10.00/mo. ${credit} for the rest of the current period is added to your account credit.`,
    )
    expect((await getDb().creditBalance.findFirstOrThrow({ where: { clientId: a.clientId } })).balance).toBe(
      expected.credit,
    )

    const v = await clientWithService({ productId: vps.product.id, domain: 'opt.example.com' })
    const vpsPath = `/services/${v.serviceId}/change`
    const form = await v.visitor.get(vpsPath)
    expect(
      form.$(`select[name="options.${vps.ram.id}"] option[selected]`).attr('value') ??
        form.$(`select[name="options.${vps.ram.id}"] option`).first().attr('value'),
    ).toBe(vps.ram2.id)
    const wrong = await v.visitor.get(
      `${vpsPath}?${new URLSearchParams({ product: vps.product.id, optionsFor: vps.product.id, [`options.${vps.ram.id}`]: vps.ipUnit.id, preview: '1' })}`,
    )
    expect(fieldErrors(wrong)[`change-option-${vps.ram.id}-error`]).toBe('Choose one of the RAM choices.')
    const same = await v.visitor.get(
      `${vpsPath}?${new URLSearchParams({ product: vps.product.id, optionsFor: vps.product.id, preview: '1' })}`,
    )
    expect(same.$('.price-box [role="alert"]').text()).toBe('This is the package the service has now.')
    const more = await v.visitor.get(
      `${vpsPath}?${new URLSearchParams({ product: vps.product.id, optionsFor: vps.product.id, [`options.${vps.ram.id}`]: vps.ram8.id, preview: '1' })}`,
    )
    expect(more.$('.summary').text()).toContain('RAM8 GB')
    expect(more.$('[data-testid="change-total"]').text()).toMatch(/^\$\d+\.\d{2}$/)
  })
})
