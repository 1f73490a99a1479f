import { randomBytes } from 'node:crypto'
import { createTld, registerDomain, setTldPrices, type Ctx } from '@berth/core'
import type { DomainStatus } from '@berth/prisma'
import { getDb } from '@berth/prisma'
import { makeClient } from '@berth/tests/support/factories'
import { makeInvoice } from '@berth/tests/support/billing-factories'
import type { AdminClient, Answer } from './admin-client'

/**
 * The domains part of the role × action table test (access/role-access.test.ts): a record of each
 * domain resource, a fresh one for each allowed write (in the status its action needs), the
 * request each action sends and how to tell whether it took effect.
 */
export const DOMAIN_RESOURCES = ['Domain', 'Tld', 'RegistrarConfig'] as const
export type DomainResource = (typeof DOMAIN_RESOURCES)[number]

export function isDomainResource(resource: string): resource is DomainResource {
  return (DOMAIN_RESOURCES as readonly string[]).includes(resource)
}

const unique = () => randomBytes(4).toString('hex')
const db = getDb()
let world: { tld: string; tldId: string } | undefined

/** One TLD of our own on the sandbox, priced in USD, so renewals can be invoiced. */
async function ensureWorld(superCtx: Ctx) {
  if (world) return world
  const tld = `h3${unique()}`
  const { id } = await createTld(superCtx, { name: tld, registrar: 'sandbox' })
  await setTldPrices(superCtx, id, {
    currency: 'USD',
    prices: [1, 2].flatMap((years) =>
      (['REGISTER', 'RENEW'] as const).map((action) => ({
        action,
        years,
        amount: String(1000 * years),
        costAmount: String(700 * years),
      })),
    ),
  })
  world = { tld, tldId: id }
  return world
}

async function makeDomain(superCtx: Ctx, status: DomainStatus, registrar = 'sandbox') {
  const w = await ensureWorld(superCtx)
  const client = await makeClient()
  const domain = await db.domain.create({
    data: {
      clientId: client.clientId,
      name: `dom-${unique()}.${w.tld}`,
      tld: w.tld,
      registrar,
      status: status === 'ACTIVE' ? 'PENDING' : status,
      currencyCode: 'USD',
      recurringAmount: 1000n,
    },
  })
  // An ACTIVE domain is registered at the sandbox registry for real, so sync and renew work.
  if (status === 'ACTIVE') await registerDomain(superCtx, { domainId: domain.id })
  return domain.id
}

const DOMAIN_STATUS_FOR: Record<string, DomainStatus> = {
  register: 'PENDING',
  retryFulfilment: 'PENDING',
  transfer: 'PENDING_TRANSFER',
  cancel: 'PENDING',
}

/** A PAID invoice with the domain's DOMAIN item for a year from today: what a retry fulfils. */
async function payForDomain(superCtx: Ctx, domainId: string) {
  const domain = await db.domain.findUniqueOrThrow({ where: { id: domainId } })
  const invoice = await makeInvoice(superCtx, domain.clientId)
  const start = new Date(new Date().toISOString().slice(0, 10))
  const end = new Date(start)
  end.setUTCFullYear(end.getUTCFullYear() + 1)
  await db.invoiceItem.create({
    data: {
      invoiceId: invoice.id,
      type: 'DOMAIN',
      description: `Domain ${domain.name}`,
      unitAmount: 1000n,
      amount: 1000n,
      domainId,
      periodStart: start,
      periodEnd: end,
    },
  })
  await db.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID' } })
}

export async function freshDomainFixture(
  superCtx: Ctx,
  resource: DomainResource,
  action = '',
): Promise<string> {
  switch (resource) {
    case 'Domain': {
      const id = await makeDomain(
        superCtx,
        DOMAIN_STATUS_FOR[action] ?? 'ACTIVE',
        action === 'transfer' ? 'manual' : 'sandbox',
      )
      if (action === 'retryFulfilment') await payForDomain(superCtx, id)
      return id
    }
    case 'Tld': {
      const { id } = await createTld(superCtx, { name: `h3t${unique()}`, registrar: 'sandbox' })
      await setTldPrices(superCtx, id, {
        currency: 'USD',
        prices: [{ action: 'REGISTER', years: 1, amount: '1000', costAmount: '800' }],
      })
      return id
    }
    case 'RegistrarConfig':
      return 'sandbox'
  }
}

export async function makeDomainFixtures(superCtx: Ctx): Promise<Record<DomainResource, string>> {
  return {
    Domain: await freshDomainFixture(superCtx, 'Domain'),
    Tld: await freshDomainFixture(superCtx, 'Tld'),
    RegistrarConfig: 'sandbox',
  }
}

interface Outcome {
  res: Answer
  tookEffect: () => Promise<boolean>
}

/** Counts the domain's audit events of `action` now; the effect is one more of them afterwards. */
async function audited(id: string, action: string) {
  const count = () => db.auditEvent.count({ where: { targetId: id, action: { startsWith: action } } })
  const before = await count()
  return async () => (await count()) > before
}

/** Every write of a domain resource; null for the reads the shared test already knows. */
export async function domainAttempt(
  browser: AdminClient,
  resource: DomainResource,
  action: string,
  id: string,
): Promise<Outcome | null> {
  if (action === 'list' || action === 'search' || action === 'show') return null
  const post = (form: Record<string, string> = {}) => browser.recordAction(resource, id, action, form)
  if (action === 'bulkDelete') {
    const res = await browser.post(
      `/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${encodeURIComponent(id)}`,
    )
    return { res, tookEffect: async () => !(await exists(resource, id)) }
  }
  if (action === 'delete') {
    const res = await post()
    return { res, tookEffect: async () => !(await exists(resource, id)) }
  }
  if (action === 'new') {
    const name = `h3n${unique()}`
    const res = await browser.resourceAction(resource, 'new', { name, registrar: 'sandbox' })
    return { res, tookEffect: async () => (await db.tld.count({ where: { name } })) > 0 }
  }
  if (resource === 'Tld') {
    switch (action) {
      case 'edit': {
        const res = await post({ graceDays: '41' })
        return { res, tookEffect: async () => (await db.tld.findUnique({ where: { id } }))?.graceDays === 41 }
      }
      case 'setPrices': {
        const res = await post({ priceGrid: 'USD REGISTER 1 12.34 9.00\nUSD GRACE 5.00' })
        return {
          res,
          tookEffect: async () => (await db.tldPrice.count({ where: { tldId: id, amount: 1234n } })) === 1,
        }
      }
      case 'applyMarkup': {
        const tld = await db.tld.findUniqueOrThrow({ where: { id } })
        const res = await browser.resourceAction(resource, 'applyMarkup', {
          step: 'apply',
          percent: '50',
          tlds: tld.name,
        })
        // cost 800 + 50% = 1200
        return {
          res,
          tookEffect: async () => (await db.tldPrice.count({ where: { tldId: id, amount: 1200n } })) === 1,
        }
      }
    }
  }
  if (resource === 'RegistrarConfig') {
    switch (action) {
      case 'edit': {
        const mark = new Date()
        const res = await post({ isTestMode: 'false' })
        return {
          res,
          tookEffect: async () =>
            ((await db.registrarConfig.findUnique({ where: { registrar: id } }))?.updatedAt ?? new Date(0)) >=
            mark,
        }
      }
      case 'testConnection': {
        const before = await db.moduleCall.count({ where: { module: id, action: 'testConnection' } })
        const res = await post()
        return {
          res,
          tookEffect: async () =>
            (await db.moduleCall.count({ where: { module: id, action: 'testConnection' } })) > before,
        }
      }
    }
  }
  // Domain actions
  switch (action) {
    case 'edit': {
      const res = await post({ registrar: 'manual' })
      return {
        res,
        tookEffect: async () => (await db.domain.findUnique({ where: { id } }))?.registrar === 'manual',
      }
    }
    case 'retryFulfilment': {
      // The paid registration, audited as the fulfilment's register event.
      const tookEffect = await audited(id, 'domains.domain.register')
      return { res: await post(), tookEffect }
    }
    case 'register':
    case 'sync':
    case 'release':
    case 'cancel': {
      const tookEffect = await audited(id, `domains.domain.${action}`)
      return { res: await post({ reason: 'test' }), tookEffect }
    }
    case 'transfer': {
      const tookEffect = await audited(id, 'domains.domain.transfer')
      return { res: await post({ eppCode: 'Code-1234' }), tookEffect }
    }
    case 'changeRegistrar': {
      const tookEffect = await audited(id, 'domains.domain.change-registrar')
      return { res: await post({ registrar: 'manual' }), tookEffect }
    }
    case 'renew': {
      const res = await post({ years: '1' })
      return {
        res,
        tookEffect: async () => (await db.invoiceItem.count({ where: { domainId: id, type: 'DOMAIN' } })) > 0,
      }
    }
    default:
      throw new Error(`no attempt for ${resource}.${action}`)
  }
}

async function exists(resource: DomainResource, id: string): Promise<boolean> {
  if (resource === 'Domain') return (await db.domain.findUnique({ where: { id } })) !== null
  if (resource === 'Tld') return (await db.tld.findUnique({ where: { id } })) !== null
  return true
}
