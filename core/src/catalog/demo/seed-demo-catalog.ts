import type { BillingCycle, DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { encryptSecret, secretBinding, generateToken } from '../../crypto'
import { newRowId, systemCtx, DomainError, type Ctx } from '../../shared'
import { isProduction } from '../../platform'
import {
  createServer,
  createServerGroup,
  ALLOW_PRIVATE_SETTING,
  DEMO_PROVISIONING_URL,
} from '../../provisioning'
import { createAddon } from '../manage-addons'
import {
  createConfigOption,
  createConfigOptionChoice,
  createConfigOptionGroup,
} from '../manage-config-options'
import { createProductGroup } from '../manage-product-groups'
import { createProduct } from '../manage-products'
import { createPromotion } from '../manage-promotions'
import { addDays, addMonths, toDateOnly } from '../pricing/billing-cycles'

/** Amounts per currency: [USD, EUR, GBP] in minor units. */
type Tri = readonly [number, number, number]
const CURRENCIES = ['USD', 'EUR', 'GBP'] as const

function prices(rows: { cycle: BillingCycle; amount: Tri; setupFee?: Tri }[]) {
  return rows.flatMap((r) =>
    CURRENCIES.map((currency, i) => ({
      currency,
      cycle: r.cycle,
      amount: BigInt(r.amount[i]!),
      setupFee: BigInt(r.setupFee?.[i] ?? 0),
    })),
  )
}
const monthlyAnnual = (monthly: Tri, setupFee?: Tri) =>
  prices([
    { cycle: 'MONTHLY', amount: monthly, ...(setupFee ? { setupFee } : {}) },
    { cycle: 'ANNUAL', amount: [monthly[0] * 10, monthly[1] * 10, monthly[2] * 10] },
  ])

/**
 * The demo catalog and the demo client's services, inside the demo seed's transaction (never in
 * production): shared hosting plans (webhook module on a "Hosting" server group) and a VPS with
 * RAM, disk, location, OS and extra IP options (webhook module on a "Cloud" server group), both
 * groups' servers pointing at the demo provisioning receiver `npm start` runs
 * (provisioning/demo-provisioning.ts), two SaaS products (no module), three addons, the WELCOME10
 * promotion (10% off a first payment); the demo client gets an active hosting plan, a VPS
 * suspended for an overdue invoice, and a pending Managed WordPress order whose unpaid invoice is
 * billing's demo one.
 * Idempotent: it does nothing when the shared hosting group exists.
 */
export async function seedDemoCatalog(
  tx: DbClient,
  input: { demoClientId: string; demoUserId: string; demoUserEmail: string },
): Promise<{ seeded: boolean }> {
  if (isProduction())
    throw new DomainError('NOT_IN_PRODUCTION', 'The demo data is refused in production mode.')
  if (await tx.productGroup.findUnique({ where: { slug: 'shared-hosting' }, select: { id: true } }))
    return { seeded: false }
  const ctx: Ctx & { db: DbClient } = { ...systemCtx(tx, 'demo-seed-catalog'), db: tx }

  // The demo's servers are a receiver on this machine (loopback): staff may point webhooks there too.
  await tx.setting.upsert({
    where: { key: ALLOW_PRIVATE_SETTING },
    create: { key: ALLOW_PRIVATE_SETTING, value: true },
    update: { value: true },
  })
  // Every webhook product provisions through the demo receiver, which checks this shared secret.
  const demoSecret = generateToken()
  const hosting = await createServerGroup(ctx, { name: 'Hosting', fillType: 'LEAST_FULL' })
  const web1 = await createServer(ctx, {
    groupId: hosting.id,
    name: 'web1',
    hostname: 'web1.hosting.example',
    ipAddress: '192.0.2.10',
    module: 'webhook',
    maxAccounts: 500,
    credentials: { secret: demoSecret },
    settings: { url: DEMO_PROVISIONING_URL },
  })
  const cloud = await createServerGroup(ctx, { name: 'Cloud', fillType: 'LEAST_FULL' })
  const kvm1 = await createServer(ctx, {
    groupId: cloud.id,
    name: 'kvm1',
    hostname: 'kvm1.cloud.example',
    ipAddress: '192.0.2.20',
    module: 'webhook',
    maxAccounts: 200,
    credentials: { secret: demoSecret },
    settings: { url: DEMO_PROVISIONING_URL },
  })

  const shared = await createProductGroup(ctx, {
    name: 'Shared Hosting',
    slug: 'shared-hosting',
    headline: 'Fast, managed web hosting with free SSL',
    sortOrder: 1,
  })
  const plans = [
    {
      name: 'Starter',
      slug: 'starter',
      monthly: [499, 459, 399] as Tri,
      features: ['1 website', '10 GB SSD storage', 'Free SSL', 'Weekly backups'],
    },
    {
      name: 'Pro',
      slug: 'pro',
      monthly: [999, 919, 799] as Tri,
      features: ['10 websites', '50 GB SSD storage', 'Free SSL', 'Daily backups', 'Staging site'],
    },
    {
      name: 'Business',
      slug: 'business',
      monthly: [1999, 1839, 1599] as Tri,
      setupFee: [1000, 900, 800] as Tri,
      features: ['Unlimited websites', '200 GB NVMe storage', 'Dedicated resources', 'Priority support'],
    },
  ]
  const planIds: Record<string, string> = {}
  for (const [i, p] of plans.entries()) {
    const product = await createProduct(ctx, {
      groupId: shared.id,
      type: 'SHARED_HOSTING',
      name: p.name,
      slug: p.slug,
      features: p.features,
      sortOrder: i,
      description: `Shared hosting ${p.name}: everything a ${i === 0 ? 'personal site' : i === 1 ? 'growing business' : 'busy shop'} needs.`,
      domainRequirement: 'DOMAIN',
      provisioningModule: 'webhook',
      moduleSettings: {},
      serverGroupId: hosting.id,
      prices: monthlyAnnual(p.monthly, p.setupFee),
    })
    planIds[p.slug] = product.id
  }

  const vpsGroup = await createProductGroup(ctx, {
    name: 'VPS',
    slug: 'vps',
    headline: 'Root access, dedicated resources, hourly snapshots',
    sortOrder: 2,
  })
  const resources = await createConfigOptionGroup(ctx, { name: 'VPS resources' })
  const option = (
    name: string,
    type: 'DROPDOWN' | 'RADIO' | 'QUANTITY',
    moduleKey: string,
    sortOrder: number,
    extra: Record<string, unknown> = {},
  ) => createConfigOption(ctx, { groupId: resources.id, name, type, moduleKey, sortOrder, ...extra })
  const choice = (
    optionId: string,
    label: string,
    moduleValue: string,
    sortOrder: number,
    monthly: Tri = [0, 0, 0],
    setupFee?: Tri,
  ) =>
    createConfigOptionChoice(ctx, {
      optionId,
      label,
      moduleValue,
      sortOrder,
      prices: monthlyAnnual(monthly, setupFee),
    })
  const ram = await option('RAM', 'DROPDOWN', 'ram', 1)
  const ram2 = await choice(ram.id, '2 GB', '2048', 1)
  await choice(ram.id, '4 GB', '4096', 2, [600, 550, 480])
  await choice(ram.id, '8 GB', '8192', 3, [1800, 1650, 1440])
  const disk = await option('Disk', 'DROPDOWN', 'disk', 2)
  const disk40 = await choice(disk.id, '40 GB NVMe', '40', 1)
  await choice(disk.id, '80 GB NVMe', '80', 2, [300, 280, 240])
  await choice(disk.id, '160 GB NVMe', '160', 3, [800, 740, 640])
  const location = await option('Location', 'RADIO', 'location', 3)
  const london = await choice(location.id, 'London', 'lon1', 1)
  await choice(location.id, 'Frankfurt', 'fra1', 2)
  await choice(location.id, 'New York', 'nyc1', 3)
  const os = await option('Operating system', 'DROPDOWN', 'os', 4)
  const ubuntu = await choice(os.id, 'Ubuntu 24.04 LTS', 'ubuntu-24.04', 1)
  await choice(os.id, 'Debian 12', 'debian-12', 2)
  await choice(os.id, 'AlmaLinux 9', 'almalinux-9', 3)
  const ips = await option('Extra IPv4 addresses', 'QUANTITY', 'extra_ipv4', 5, {
    minQuantity: 0,
    maxQuantity: 4,
    unit: 'IPs',
  })
  const ipv4 = await choice(ips.id, 'IPv4 address', 'ipv4', 1, [250, 230, 200], [100, 90, 80])
  const vps = await createProduct(ctx, {
    groupId: vpsGroup.id,
    type: 'VPS',
    name: 'Cloud VPS',
    slug: 'cloud-vps',
    domainRequirement: 'HOSTNAME',
    provisioningModule: 'webhook',
    moduleSettings: {},
    serverGroupId: cloud.id,
    description: 'A KVM virtual server: pick its memory, disk, location and operating system.',
    features: ['KVM virtualisation', 'Full root access', '1 Gbit/s port', 'Hourly snapshots'],
    prices: monthlyAnnual([1200, 1100, 950], [500, 450, 400]),
    configOptionGroupIds: [resources.id],
  })

  const software = await createProductGroup(ctx, {
    name: 'Software',
    slug: 'software',
    headline: 'Hosted apps for your team',
    sortOrder: 3,
  })
  await createProduct(ctx, {
    groupId: software.id,
    type: 'SAAS',
    name: 'Team Mail',
    slug: 'team-mail',
    features: ['10 mailboxes', '25 GB each', 'Spam filtering', 'Webmail and calendars'],
    description: 'Business email on your own domain, nothing to install.',
    domainRequirement: 'DOMAIN',
    prices: monthlyAnnual([600, 550, 480]),
  })

  const backups = await createAddon(ctx, {
    name: 'Daily backups',
    description: 'Off-site backups every night, kept 30 days.',
    productIds: [planIds.starter!, planIds.pro!, planIds.business!, vps.id],
    prices: monthlyAnnual([300, 280, 240]),
  })
  await createAddon(ctx, {
    name: 'Dedicated IP',
    description: 'An IPv4 address of your own.',
    productIds: [planIds.business!, vps.id],
    prices: monthlyAnnual([400, 370, 320]),
  })
  await createPromotion(ctx, {
    code: 'WELCOME10',
    description: '10% off your first payment',
    kind: 'PERCENT',
    percent: 100000,
  })

  const wordpress = await createProduct(ctx, {
    groupId: software.id,
    type: 'SAAS',
    name: 'Managed WordPress',
    slug: 'managed-wordpress',
    features: ['Automatic updates', 'Daily backups', 'Staging site', 'CDN'],
    description: 'WordPress we run and keep up to date for you.',
    domainRequirement: 'DOMAIN',
    prices: monthlyAnnual([1500, 1380, 1200]),
    sortOrder: 1,
  })
  const ssl = await createAddon(ctx, {
    name: 'SSL certificate',
    description: 'An OV certificate valid for one year.',
    productIds: [wordpress.id, planIds.business!],
    prices: prices([{ cycle: 'ONE_TIME', amount: [800, 740, 640] }]),
  })

  // The demo client's services. The suspended VPS and the pending order use two of the invoices
  // billing's demo seed gave the demo client (the overdue "VPS 2 GB" one and the unpaid "Managed
  // WordPress" one): their lines are linked to the services, so paying them does what it would.
  const clientId = input.demoClientId
  const today = toDateOnly(new Date())
  const started = addDays(today, -20)
  const webServiceId = newRowId() // the login password is sealed bound to the row
  await tx.service.create({
    data: {
      id: webServiceId,
      clientId,
      productId: planIds.pro!,
      serverId: web1.id,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 999n,
      recurringAmount: 999n,
      domain: 'demo-web.example',
      username: 'demoweb',
      passwordEnc: encryptSecret('Harbour-Light-42', secretBinding('Service.passwordEnc', webServiceId)),
      registrationDate: started,
      nextDueDate: addMonths(started, 1),
      nextInvoiceDate: addMonths(started, 1),
      addons: {
        create: {
          addonId: backups.id,
          status: 'ACTIVE',
          billingCycle: 'MONTHLY',
          currencyCode: 'USD',
          recurringAmount: 300n,
          registrationDate: started,
          nextDueDate: addMonths(started, 1),
        },
      },
    },
  })

  const demoInvoice = (description: string) =>
    tx.invoice.findFirst({
      where: { clientId, status: 'UNPAID', items: { some: { description } } },
      select: {
        id: true,
        number: true,
        issueDate: true,
        dueDate: true,
        items: { select: { id: true, description: true } },
      },
    })
  const vpsInvoice = await demoInvoice('VPS 2 GB (monthly)')
  const unpaidFrom = toDateOnly(vpsInvoice?.issueDate ?? addDays(today, -30))
  const vpsServiceId = newRowId()
  const vpsService = await tx.service.create({
    data: {
      id: vpsServiceId,
      clientId,
      productId: vps.id,
      status: 'SUSPENDED',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 3100n,
      recurringAmount: 2600n, // an older price, kept
      domain: 'vps1.demo-web.example',
      username: 'root',
      passwordEnc: encryptSecret('Tidal-Quay-7', secretBinding('Service.passwordEnc', vpsServiceId)),
      dedicatedIp: '192.0.2.44',
      registrationDate: addMonths(unpaidFrom, -2),
      nextDueDate: unpaidFrom,
      nextInvoiceDate: unpaidFrom,
      suspendedAt: new Date(),
      suspensionReason: `Overdue invoice ${vpsInvoice?.number ?? ''}`.trim(),
      suspendedForNonPayment: true,
      configOptions: {
        create: [
          { optionId: ram.id, choiceId: ram2.id, quantity: 1 },
          { optionId: disk.id, choiceId: disk40.id, quantity: 1 },
          { optionId: location.id, choiceId: london.id, quantity: 1 },
          { optionId: os.id, choiceId: ubuntu.id, quantity: 1 },
          { optionId: ips.id, choiceId: ipv4.id, quantity: 2 },
        ],
      },
    },
  })
  const vpsLine = vpsInvoice?.items.find((i) => i.description === 'VPS 2 GB (monthly)')
  await tx.service.update({ where: { id: vpsService.id }, data: { serverId: kvm1.id } }) // its account lives on the demo's VPS node
  if (vpsLine)
    await tx.invoiceItem.update({
      where: { id: vpsLine.id },
      data: {
        type: 'SERVICE',
        serviceId: vpsService.id,
        periodStart: unpaidFrom,
        periodEnd: addDays(addMonths(unpaidFrom, 1), -1),
      },
    })

  const wpInvoice = await demoInvoice('Managed WordPress (monthly)')
  const ordered = toDateOnly(wpInvoice?.issueDate ?? addDays(today, -2))
  const order = await tx.order.create({
    data: {
      clientId,
      currencyCode: 'USD',
      paymentMethod: 'manual',
      idempotencyKey: `demo-seed-${generateToken(12)}`,
      createdAt: ordered,
    },
    select: { id: true, number: true },
  })
  const pending = await tx.service.create({
    data: {
      clientId,
      orderId: order.id,
      productId: wordpress.id,
      status: 'PENDING',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1500n,
      recurringAmount: 1500n,
      domain: 'blog.demo-web.example',
      registrationDate: ordered,
      nextDueDate: ordered,
      nextInvoiceDate: ordered,
    },
  })
  const certificate = await tx.serviceAddon.create({
    data: {
      serviceId: pending.id,
      addonId: ssl.id,
      status: 'PENDING',
      billingCycle: 'ONE_TIME',
      currencyCode: 'USD',
      setupFee: 800n,
      recurringAmount: 0n,
      registrationDate: ordered,
    },
  })
  if (wpInvoice) {
    await tx.invoice.update({ where: { id: wpInvoice.id }, data: { orderId: order.id } })
    for (const line of wpInvoice.items) {
      if (line.description === 'Managed WordPress (monthly)')
        await tx.invoiceItem.update({
          where: { id: line.id },
          data: {
            type: 'SERVICE',
            serviceId: pending.id,
            periodStart: ordered,
            periodEnd: addDays(addMonths(ordered, 1), -1),
          },
        })
      if (line.description === 'SSL certificate (1 year)')
        await tx.invoiceItem.update({
          where: { id: line.id },
          data: { type: 'ADDON', serviceAddonId: certificate.id, periodStart: ordered },
        })
    }
  }
  await recordAuditEvent(ctx, {
    action: 'order.create',
    targetType: 'Order',
    targetId: order.id,
    clientId,
    after: { number: order.number, services: [pending.id], invoiceId: wpInvoice?.id ?? null, demo: true },
  })
  return { seeded: true }
}
