import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_IN_ROLES, createRole, recordJobRun, setClientStatus, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, tableCounts, TEST_PASSWORD, uniqueEmail } from '../../../tests/support/factories'
import { billingCounts } from '../../../tests/support/billing-factories'
import { signedIn, startAdmin, type AdminClient, type Answer, type RunningAdmin } from '../test-support/admin-client'
import { ACTION_PERMISSIONS, type AdminResourceId } from './action-permissions'
import { billingAttempt, freshBillingFixture, isBillingTarget, makeBillingFixtures, rowOf as billingRowOf } from '../test-support/billing-access'
import { CATALOG_EDIT_FIELDS, catalogAttempt, catalogNewForm, catalogRowOf, freshCatalogFixture, isCatalogResource, makeCatalogFixtures } from '../test-support/catalog-fixtures'

/**
 * For each built-in role, every resource × action of the permission table through the AdminJS API:
 * allowed ones succeed (and writes take effect), refused ones answer 403 and change nothing.
 */
let admin: RunningAdmin
let superCtx: Ctx
let supportRoleId: string

beforeAll(async () => {
  admin = await startAdmin()
  superCtx = (await makeStaff('Super admin')).ctx
  supportRoleId = (await getDb().role.findUniqueOrThrow({ where: { name: 'Support' } })).id
})
afterAll(async () => {
  await admin.close()
})

const unique = () => randomBytes(4).toString('hex')

/** A fresh record of one resource, for an allowed write that may delete or disable it. */
async function freshFixture(fx: Fixtures, resource: AdminResourceId, action = ''): Promise<Fixtures> {
  if (isBillingTarget(resource, action)) return { ...fx, ...(await freshBillingFixture(resource, action)) }
  if (isCatalogResource(resource)) return { ...fx, [resource]: await freshCatalogFixture(superCtx, resource, action) }
  switch (resource) {
    case 'Client': return { ...fx, Client: (await makeClient()).clientId }
    case 'User': return { ...fx, User: (await makeClient()).userId }
    case 'Staff': return { ...fx, Staff: (await makeStaff('Support')).staffId }
    case 'Role': return { ...fx, Role: (await createRole(superCtx, { name: `Role ${unique()}`, permissions: ['clients.view'] })).id }
    default: return fx
  }
}

/** One record of every resource to act on. */
async function makeFixtures() {
  const db = getDb()
  const client = await makeClient()
  const staff = await makeStaff('Support')
  const role = await createRole(superCtx, { name: `Role ${unique()}`, description: 'test', permissions: ['clients.view'] })
  const runKey = unique()
  await recordJobRun(db, { job: 'test.job', runKey, triggeredBy: 'test' }, async () => ({ done: 1 }))
  const [audit, email, attempt, job] = await Promise.all([
    db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' }, select: { id: true } }),
    db.emailLog.findFirstOrThrow({ where: { clientId: client.clientId }, select: { id: true } }),
    db.loginAttempt.findFirstOrThrow({ orderBy: { id: 'desc' }, select: { id: true } }),
    db.jobRun.findFirstOrThrow({ where: { runKey }, select: { id: true } }),
  ])
  return {
    ...(await makeBillingFixtures(superCtx)),
    ...(await makeCatalogFixtures(superCtx)),
    Client: client.clientId, User: client.userId, Staff: staff.staffId, Role: role.id,
    AuditEvent: audit.id.toString(), EmailLog: email.id, LoginAttempt: attempt.id.toString(), JobRun: job.id,
  } satisfies Record<AdminResourceId, string>
}
type Fixtures = Awaited<ReturnType<typeof makeFixtures>>

/** Reads a row back to see whether a write happened. */
async function rowOf(resource: AdminResourceId, id: string): Promise<Record<string, unknown> | null> {
  if (isCatalogResource(resource)) return catalogRowOf(resource, id)
  const db = getDb()
  switch (resource) {
    case 'Client': return db.client.findUnique({ where: { id } })
    case 'User': return db.user.findUnique({ where: { id } })
    case 'Staff': return db.staff.findUnique({ where: { id } })
    case 'Role': return db.role.findUnique({ where: { id } })
    case 'AuditEvent': return db.auditEvent.findUnique({ where: { id: BigInt(id) } })
    case 'EmailLog': return db.emailLog.findUnique({ where: { id } })
    case 'LoginAttempt': return db.loginAttempt.findUnique({ where: { id: BigInt(id) } })
    case 'JobRun': return db.jobRun.findUnique({ where: { id } })
    default: return billingRowOf(resource, id)
  }
}

/** A valid "new" form per resource; for the ones nobody may create, a plausible one. */
function newForm(resource: AdminResourceId): { form: Record<string, string | string[]>; exists: () => Promise<boolean> } {
  const catalogForm = isCatalogResource(resource) ? catalogNewForm(resource) : null
  if (catalogForm) return catalogForm
  const db = getDb()
  const email = uniqueEmail('new')
  switch (resource) {
    case 'Staff':
      return { form: { firstName: 'New', lastName: 'Member', email, role: supportRoleId, password: TEST_PASSWORD }, exists: async () => (await db.staff.count({ where: { email } })) === 1 }
    case 'Role': {
      const name = `New role ${unique()}`
      return { form: { name, description: 'made in a test', permissions: ['clients.view', 'emails.view'] }, exists: async () => (await db.role.count({ where: { name } })) === 1 }
    }
    case 'Client':
      return {
        form: { firstName: 'New', lastName: 'Owner', email, companyName: 'New Co', address1: '1 New Street', city: 'Newtown', country: 'GB', phone: '+44 20 7946 0001' },
        exists: async () => (await db.user.count({ where: { email } })) === 1,
      }
    default: {
      return { form: { email, action: 'forged', subject: 'forged', job: 'forged', template: 'forged', firstName: 'Forged' }, exists: async () => false }
    }
  }
}

/** A valid edit per resource and how to tell it happened. */
function editForm(resource: AdminResourceId): { form: Record<string, string>; applied: (row: Record<string, unknown> | null) => boolean } {
  const mark = `Edited ${unique()}`
  const fieldByResource: Partial<Record<AdminResourceId, string>> = {
    Staff: 'lastName', Role: 'description', Client: 'city', User: 'firstName',
    AuditEvent: 'action', EmailLog: 'subject', LoginAttempt: 'email', JobRun: 'job',
  }
  const field = fieldByResource[resource] ?? (isCatalogResource(resource) ? CATALOG_EDIT_FIELDS[resource] : 'id')
  return { form: { [field]: mark }, applied: (row) => row?.[field] === mark }
}

interface Outcome {
  res: Answer
  /** Whether the action's effect is visible in the database (reads: always false). */
  tookEffect: () => Promise<boolean>
}

async function attempt(browser: AdminClient, resource: AdminResourceId, action: string, fx: Fixtures): Promise<Outcome> {
  if (isBillingTarget(resource, action)) return billingAttempt(browser, resource, action, fx)
  if (isCatalogResource(resource)) {
    const outcome = await catalogAttempt(browser, resource, action, fx[resource])
    if (outcome) return outcome
  }
  const id = fx[resource]
  const none = async () => false
  switch (action) {
    case 'list':
      return { res: await browser.list(resource), tookEffect: none }
    case 'search':
      return { res: await browser.get(`/admin/api/resources/${resource}/actions/search/a`), tookEffect: none }
    case 'show':
      return { res: await browser.show(resource, id), tookEffect: none }
    case 'new': {
      const { form, exists } = newForm(resource)
      const before = await tableCounts()
      const res = await browser.resourceAction(resource, 'new', form)
      return { res, tookEffect: async () => (await exists()) || JSON.stringify(await tableCounts()) !== JSON.stringify(before) && resource !== 'Client' && resource !== 'Staff' && resource !== 'Role' }
    }
    case 'edit': {
      const { form, applied } = editForm(resource)
      const res = await browser.recordAction(resource, id, 'edit', form)
      return { res, tookEffect: async () => applied(await rowOf(resource, id)) }
    }
    case 'delete': {
      const res = await browser.recordAction(resource, id, 'delete')
      return { res, tookEffect: async () => (await rowOf(resource, id)) === null }
    }
    case 'bulkDelete': {
      const res = await browser.post(`/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${encodeURIComponent(id)}`)
      return { res, tookEffect: async () => (await rowOf(resource, id)) === null }
    }
    case 'disable': {
      const res = await browser.recordAction(resource, id, 'disable', { confirm: 'yes' })
      return { res, tookEffect: async () => (await rowOf(resource, id))?.status === 'INACTIVE' }
    }
    case 'enable': {
      const res = await browser.recordAction(resource, id, 'enable', { confirm: 'yes' })
      return { res, tookEffect: async () => (await rowOf(resource, id))?.status === 'ACTIVE' }
    }
    default:
      throw new Error(`no attempt for ${resource}.${action}`)
  }
}

const READS = new Set(['list', 'search', 'show'])

describe.each(Object.keys(BUILT_IN_ROLES))('as %s', (roleName) => {
  const granted = new Set<string>(BUILT_IN_ROLES[roleName as keyof typeof BUILT_IN_ROLES].permissions)
  let browser: AdminClient
  let shared: Fixtures

  beforeAll(async () => {
    const me = await makeStaff(roleName)
    browser = await signedIn(admin.baseUrl, me.email, me.password)
    shared = await makeFixtures()
  })

  const rows = Object.entries(ACTION_PERMISSIONS).flatMap(([resource, actions]) =>
    Object.entries(actions).map(([action, permission]) => ({
      label: `${resource}.${action} (${permission ?? 'nobody'})`, resource: resource as AdminResourceId, action, permission: permission as string | null,
    })),
  )

  it.each(rows)('$label', async ({ resource, action, permission }) => {
    const allowed = permission !== null && granted.has(permission)
    // An allowed write gets a record of its own (it may delete or disable it).
    const fx = allowed && !READS.has(action) ? await freshFixture(shared, resource, action) : shared
    // Enable acts on a disabled client.
    if (action === 'enable') await setClientStatus(superCtx, fx.Client, 'INACTIVE')
    const before = allowed ? null : await tableCounts()
    const { res, tookEffect } = await attempt(browser, resource, action, fx)
    if (allowed) {
      expect(res.status, res.text.slice(0, 300)).toBe(200)
      expect(res.json?.notice?.type, JSON.stringify(res.json?.notice)).not.toBe('error')
      if (READS.has(action)) {
        if (action === 'show') expect(res.json.record.id).toBe(fx[resource])
        else expect(Array.isArray(res.json.records)).toBe(true)
      } else {
        expect(res.json.notice.type).toBe('success')
        expect(await tookEffect()).toBe(true)
      }
    } else {
      expect(res.status, res.text.slice(0, 300)).toBe(403)
      expect(await tookEffect()).toBe(false)
      expect(await tableCounts()).toEqual(before)
    }
  })
})

describe('refusals that matter on their own', () => {
  it('a Read-only member POSTing to edit directly is refused and nothing changes', async () => {
    const me = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const fx = await makeFixtures()
    const client = await getDb().client.findUniqueOrThrow({ where: { id: fx.Client } })
    const res = await browser.recordAction('Client', fx.Client, 'edit', { city: 'Hacked', companyName: 'Hacked Ltd' })
    expect(res.status).toBe(403)
    expect(await getDb().client.findUniqueOrThrow({ where: { id: fx.Client } })).toEqual(client)
    const staffRes = await browser.recordAction('Staff', fx.Staff, 'edit', { role: supportRoleId, status: 'DISABLED' })
    expect(staffRes.status).toBe(403)
    expect((await getDb().staff.findUniqueOrThrow({ where: { id: fx.Staff } })).status).toBe('ACTIVE')
  })

  it('a Read-only member cannot POST publish, record a payment, refund or cancel: 403 and nothing written', async () => {
    const me = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const fx: Record<string, string> = await makeFixtures()
    const before = await billingCounts()
    const posts: Array<[string, Record<string, string>]> = [
      ['publish', {}], ['recordPayment', { method: 'cash', amount: '10.00' }], ['refund', { amount: '1.00', reason: 'forged' }],
      ['cancel', { reason: 'forged' }], ['applyCredit', {}], ['sendEmail', {}],
    ]
    for (const [action, form] of posts) {
      const res = await browser.recordAction('Invoice', fx[`Invoice.${action}`]!, action, { confirm: 'yes', ...form })
      expect(res.status, action).toBe(403)
    }
    expect((await browser.recordAction('Client', fx.Client!, 'addCredit', { amount: '5', reason: 'forged' })).status).toBe(403)
    expect(await billingCounts()).toEqual(before)
  })

  it('a Support member cannot open Staff or Role management', async () => {
    const me = await makeStaff('Support')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    for (const resource of ['Staff', 'Role']) {
      expect((await browser.get(`/admin/resources/${resource}`)).status).toBe(403)
      expect((await browser.get(`/admin/resources/${resource}/actions/new`)).status).toBe(403)
      expect((await browser.list(resource)).status).toBe(403)
      expect((await browser.get(`/admin/api/resources/${resource}/actions/search/a`)).status).toBe(403)
    }
    // The page state the browser gets has no way into them either.
    const page = await browser.get('/admin')
    const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(page.text)![1]!) as { resources: Array<{ id: string; href: string | null; resourceActions: unknown[] }> }
    for (const id of ['Staff', 'Role']) {
      const resource = state.resources.find((r) => r.id === id)!
      expect(resource.href).toBeNull()
      expect(resource.resourceActions).toEqual([])
    }
  })

  it('unknown resources and actions are refused, not crashed on', async () => {
    const me = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    expect((await browser.list('Session')).status).toBe(403)
    expect((await browser.get('/admin/api/resources/Client/actions/nonexistent')).status).toBe(403)
    expect((await browser.resourceAction('Setting', 'new', { key: 'x', value: '1' })).status).toBe(403)
  })
})
