import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_IN_ROLES, createRole, recordJobRun, setClientStatus, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeStaff,
  tableCounts,
  TEST_PASSWORD,
  uniqueEmail,
} from '@berth/tests/support/factories'
import { billingCounts } from '@berth/tests/support/billing-factories'
import {
  signedIn,
  startAdmin,
  type AdminClient,
  type Answer,
  type RunningAdmin,
} from '../test-support/admin-client'
import { ACTION_PERMISSIONS, type AdminResourceId } from './action-permissions'
import {
  billingAttempt,
  freshBillingFixture,
  isBillingTarget,
  makeBillingFixtures,
  rowOf as billingRowOf,
} from '../test-support/billing-access'
import {
  CATALOG_EDIT_FIELDS,
  catalogAttempt,
  catalogNewForm,
  catalogRowOf,
  freshCatalogFixture,
  isCatalogResource,
  makeCatalogFixtures,
} from '../test-support/catalog-fixtures'
import {
  freshKbFixture,
  isKbResource,
  KB_EDIT_FIELDS,
  kbNewForm,
  kbRowOf,
  makeKbFixtures,
} from '../test-support/kb-fixtures'
import {
  domainAttempt,
  freshDomainFixture,
  isDomainResource,
  makeDomainFixtures,
} from '../test-support/domain-access'
import {
  freshSupportFixture,
  isSupportResource,
  makeSupportFixtures,
  supportAttempt,
} from '../test-support/support-access'

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
  if (isCatalogResource(resource))
    return { ...fx, [resource]: await freshCatalogFixture(superCtx, resource, action) }
  if (isKbResource(resource)) return { ...fx, [resource]: await freshKbFixture(superCtx, resource) }
  if (isSupportResource(resource)) return { ...fx, [resource]: await freshSupportFixture(superCtx, resource) }
  if (isDomainResource(resource))
    return { ...fx, [resource]: await freshDomainFixture(superCtx, resource, action) }
  switch (resource) {
    case 'Client':
      return { ...fx, Client: (await makeClient()).clientId }
    case 'User':
      return { ...fx, User: (await makeClient()).userId }
    case 'Staff':
      return { ...fx, Staff: (await makeStaff('Support')).staffId }
    case 'Role':
      return {
        ...fx,
        Role: (await createRole(superCtx, { name: `Role ${unique()}`, permissions: ['clients.view'] })).id,
      }
    default:
      return fx
  }
}

/** One record of every resource to act on. */
async function makeFixtures() {
  const db = getDb()
  const client = await makeClient()
  const staff = await makeStaff('Support')
  const role = await createRole(superCtx, {
    name: `Role ${unique()}`,
    description: 'test',
    permissions: ['clients.view'],
  })
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
    ...(await makeKbFixtures(superCtx)),
    ...(await makeSupportFixtures(superCtx)),
    ...(await makeDomainFixtures(superCtx)),
    Client: client.clientId,
    User: client.userId,
    Staff: staff.staffId,
    Role: role.id,
    AuditEvent: audit.id.toString(),
    EmailLog: email.id,
    LoginAttempt: attempt.id.toString(),
    JobRun: job.id,
  } satisfies Record<AdminResourceId, string>
}
type Fixtures = Awaited<ReturnType<typeof makeFixtures>>

/** Reads a row back to see whether a write happened. */
async function rowOf(resource: AdminResourceId, id: string): Promise<Record<string, unknown> | null> {
  if (isCatalogResource(resource)) return catalogRowOf(resource, id)
  if (isKbResource(resource)) return kbRowOf(resource, id)
  const db = getDb()
  switch (resource) {
    case 'Client':
      return db.client.findUnique({ where: { id } })
    case 'User':
      return db.user.findUnique({ where: { id } })
    case 'Staff':
      return db.staff.findUnique({ where: { id } })
    case 'Role':
      return db.role.findUnique({ where: { id } })
    case 'AuditEvent':
      return db.auditEvent.findUnique({ where: { id: BigInt(id) } })
    case 'EmailLog':
      return db.emailLog.findUnique({ where: { id } })
    case 'LoginAttempt':
      return db.loginAttempt.findUnique({ where: { id: BigInt(id) } })
    case 'JobRun':
      return db.jobRun.findUnique({ where: { id } })
    default:
      return billingRowOf(resource, id)
  }
}

/** A valid "new" form per resource; for the ones nobody may create, a plausible one. */
function newForm(resource: AdminResourceId): {
  form: Record<string, string | string[]>
  exists: () => Promise<boolean>
} {
  const catalogForm = isCatalogResource(resource) ? catalogNewForm(resource) : null
  if (catalogForm) return catalogForm
  if (isKbResource(resource)) return kbNewForm(resource)
  const db = getDb()
  const email = uniqueEmail('new')
  switch (resource) {
    case 'Staff':
      return {
        form: { firstName: 'New', lastName: 'Member', email, role: supportRoleId, password: TEST_PASSWORD },
        exists: async () => (await db.staff.count({ where: { email } })) === 1,
      }
    case 'Role': {
      const name = `New role ${unique()}`
      return {
        form: { name, description: 'made in a test', permissions: ['clients.view', 'emails.view'] },
        exists: async () => (await db.role.count({ where: { name } })) === 1,
      }
    }
    case 'Client':
      return {
        form: {
          firstName: 'New',
          lastName: 'Owner',
          email,
          companyName: 'New Co',
          address1: '1 New Street',
          city: 'Newtown',
          country: 'GB',
          phone: '+44 20 7946 0001',
        },
        exists: async () => (await db.user.count({ where: { email } })) === 1,
      }
    default: {
      return {
        form: {
          email,
          action: 'forged',
          subject: 'forged',
          job: 'forged',
          template: 'forged',
          firstName: 'Forged',
        },
        exists: async () => false,
      }
    }
  }
}

/** A valid edit per resource and how to tell it happened. */
function editForm(resource: AdminResourceId): {
  form: Record<string, string>
  applied: (row: Record<string, unknown> | null) => boolean
} {
  const mark = `Edited ${unique()}`
  const fieldByResource: Partial<Record<AdminResourceId, string>> = {
    Staff: 'lastName',
    Role: 'description',
    Client: 'city',
    User: 'firstName',
    AuditEvent: 'action',
    EmailLog: 'subject',
    LoginAttempt: 'email',
    JobRun: 'job',
  }
  const field =
    fieldByResource[resource] ??
    (isCatalogResource(resource)
      ? CATALOG_EDIT_FIELDS[resource]
      : isKbResource(resource)
        ? KB_EDIT_FIELDS[resource]
        : 'id')
  return { form: { [field]: mark }, applied: (row) => row?.[field] === mark }
}

interface Outcome {
  res: Answer
  /** Whether the action's effect is visible in the database (reads: always false). */
  tookEffect: () => Promise<boolean>
}

async function attempt(
  browser: AdminClient,
  resource: AdminResourceId,
  action: string,
  fx: Fixtures,
): Promise<Outcome> {
  if (isBillingTarget(resource, action)) return billingAttempt(browser, resource, action, fx)
  if (isCatalogResource(resource)) {
    const outcome = await catalogAttempt(browser, resource, action, fx[resource])
    if (outcome) return outcome
  }
  if (isSupportResource(resource)) {
    const outcome = await supportAttempt(browser, superCtx, resource, action, fx[resource])
    if (outcome) return outcome
  }
  if (isDomainResource(resource)) {
    const outcome = await domainAttempt(browser, resource, action, fx[resource])
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
      return {
        res,
        tookEffect: async () =>
          (await exists()) ||
          (JSON.stringify(await tableCounts()) !== JSON.stringify(before) &&
            resource !== 'Client' &&
            resource !== 'Staff' &&
            resource !== 'Role'),
      }
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
      const res = await browser.post(
        `/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${encodeURIComponent(id)}`,
      )
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
    case 'newOrder': {
      // a staff order for the client, of the fixtures' catalog product (decision 0034)
      const orders = () => getDb().order.count({ where: { clientId: id } })
      const before = await orders()
      const res = await browser.recordAction(resource, id, 'newOrder', {
        productId: fx.Product,
        cycle: 'MONTHLY',
        createInvoice: 'false',
      })
      return { res, tookEffect: async () => (await orders()) > before }
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
      label: `${resource}.${action} (${permission ?? 'nobody'})`,
      resource: resource as AdminResourceId,
      action,
      permission: permission as string | null,
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
    const res = await browser.recordAction('Client', fx.Client, 'edit', {
      city: 'Hacked',
      companyName: 'Hacked Ltd',
    })
    expect(res.status).toBe(403)
    expect(await getDb().client.findUniqueOrThrow({ where: { id: fx.Client } })).toEqual(client)
    const staffRes = await browser.recordAction('Staff', fx.Staff, 'edit', {
      role: supportRoleId,
      status: 'DISABLED',
    })
    expect(staffRes.status).toBe(403)
    expect((await getDb().staff.findUniqueOrThrow({ where: { id: fx.Staff } })).status).toBe('ACTIVE')
  })

  it('a Read-only member cannot POST publish, record a payment, refund or cancel: 403 and nothing written', async () => {
    const me = await makeStaff('Read-only')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const fx: Record<string, string> = await makeFixtures()
    const before = await billingCounts()
    const posts: Array<[string, Record<string, string>]> = [
      ['publish', {}],
      ['recordPayment', { method: 'cash', amount: '10.00' }],
      ['refund', { amount: '1.00', reason: 'forged' }],
      ['cancel', { reason: 'forged' }],
      ['applyCredit', {}],
      ['sendEmail', {}],
    ]
    for (const [action, form] of posts) {
      const res = await browser.recordAction('Invoice', fx[`Invoice.${action}`]!, action, {
        confirm: 'yes',
        ...form,
      })
      expect(res.status, action).toBe(403)
    }
    expect(
      (await browser.recordAction('Client', fx.Client!, 'addCredit', { amount: '5', reason: 'forged' }))
        .status,
    ).toBe(403)
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
    const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(page.text)![1]!) as {
      resources: Array<{ id: string; href: string | null; resourceActions: unknown[] }>
    }
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

describe('the gate matches paths the way Express routes them (issue 8 §4)', () => {
  // Spellings of "list the staff" that Express hands to AdminJS (any case, a trailing slash, an
  // encoded segment, a doubled slash) and two it does not route at all.
  const routed = [
    '/admin/API/resources/Staff/actions/list',
    '/admin/api/Resources/Staff/Actions/list',
    '/admin/api/resources/Staff/actions/list/',
    '/admin/api/resources/%53taff/actions/list',
    '/admin//api/resources/Staff/actions/list',
    '/admin/API/resources/Staff/actions/search/a',
  ]
  const unrouted = ['/admin/api//resources/Staff/actions/list', '/admin/%61pi/resources/Staff/actions/list']

  it('every spelling that reaches AdminJS for a Read-only member is refused with 403 to a Support member', async () => {
    const viewer = await signedIn(admin.baseUrl, ...(await credentials('Read-only')))
    const support = await signedIn(admin.baseUrl, ...(await credentials('Support')))
    for (const path of routed) {
      const allowed = await viewer.get(path)
      expect(allowed.status, path).toBe(200)
      expect(Array.isArray(allowed.json.records), path).toBe(true)
      const refused = await support.get(path)
      expect(refused.status, path).toBe(403)
      expect(refused.text, path).not.toContain('"records"')
    }
    for (const path of [
      ...unrouted,
      '/admin/Resources/Staff',
      '/admin/resources/Staff/',
      '/admin/RESOURCES/Role/actions/new',
    ]) {
      expect((await support.get(path)).status, path).toBe(403)
    }
  })

  it('a POST through another spelling is refused before it writes', async () => {
    const support = await signedIn(admin.baseUrl, ...(await credentials('Support')))
    const target = await makeStaff('Support')
    const before = await tableCounts()
    const superAdmin = (await getDb().role.findUniqueOrThrow({ where: { name: 'Super admin' } })).id
    for (const path of [
      `/admin/API/resources/Staff/records/${target.staffId}/edit`,
      `/admin/api/resources/Staff/Records/${target.staffId}/edit/`,
      `/admin/api//resources/Staff/records/${target.staffId}/edit`,
      `/admin/API/resources/Role/actions/new`,
    ]) {
      const res = await support.post(path, {
        role: superAdmin,
        lastName: 'Hacked',
        name: `Hacked ${unique()}`,
        permissions: ['staff.manage'],
      })
      expect(res.status, path).toBe(403)
    }
    expect(await tableCounts()).toEqual(before)
    expect(await getDb().staff.findUniqueOrThrow({ where: { id: target.staffId } })).toMatchObject({
      lastName: 'Support',
      roleId: supportRoleId,
    })
  })
})

describe('privilege escalation through the console is refused and audited (issue 8 §4)', () => {
  /** A member of a fresh custom role with these permissions, signed in. */
  async function memberOf(permissions: string[]) {
    const role = await createRole(superCtx, { name: `Escalation ${unique()}`, permissions })
    const me = await makeStaff(role.name)
    return { ...me, role, browser: await signedIn(admin.baseUrl, me.email, me.password) }
  }
  const roleIdOf = async (name: string) => (await getDb().role.findUniqueOrThrow({ where: { name } })).id
  const refusalsBy = (staffId: string) =>
    getDb().auditEvent.count({ where: { action: 'staff.privilege-escalation.refused', actorId: staffId } })
  const countsWithoutAudit = async () => {
    const { auditEvents: _a, ...rest } = await tableCounts()
    return rest
  }

  it('a staff manager cannot give themself or a new member a wider role, nor take over a Super admin', async () => {
    const manager = await memberOf(['staff.view', 'staff.manage', 'roles.view'])
    const victim = await makeStaff('Super admin')
    const [superAdmin, billing] = [await roleIdOf('Super admin'), await roleIdOf('Billing')]
    const before = await countsWithoutAudit()
    const tries = [
      () =>
        manager.browser.recordAction('Staff', manager.staffId, 'edit', {
          firstName: 'Staff',
          lastName: manager.role.name,
          email: manager.email,
          role: superAdmin,
          status: 'ACTIVE',
          password: '',
        }),
      () =>
        manager.browser.resourceAction('Staff', 'new', {
          firstName: 'Side',
          lastName: 'Door',
          email: uniqueEmail('side'),
          role: billing,
          password: TEST_PASSWORD,
        }),
      () =>
        manager.browser.recordAction('Staff', victim.staffId, 'edit', {
          email: victim.email,
          role: superAdmin,
          status: 'ACTIVE',
          password: 'taken over password',
        }),
      () => manager.browser.recordAction('Staff', victim.staffId, 'delete'),
    ]
    for (const attempt of tries) {
      const res = await attempt()
      expect(res.status, res.text.slice(0, 300)).toBe(403)
      expect(res.json?.notice?.message ?? '').toMatch(/Super admin|permissions you do not have/)
    }
    expect(await countsWithoutAudit()).toEqual(before)
    expect((await getDb().staff.findUniqueOrThrow({ where: { id: manager.staffId } })).roleId).toBe(
      manager.role.id,
    )
    expect(await getDb().staff.findUnique({ where: { id: victim.staffId } })).not.toBeNull()
    expect(await refusalsBy(manager.staffId)).toBe(tries.length)
  })

  it('a role manager cannot add a permission it lacks to its own role or a new one', async () => {
    const manager = await memberOf(['roles.view', 'roles.manage'])
    const before = await countsWithoutAudit()
    const edit = await manager.browser.recordAction('Role', manager.role.id, 'edit', {
      name: manager.role.name,
      description: '',
      permissions: ['roles.manage', 'roles.view', 'staff.manage'],
    })
    expect(edit.status, edit.text.slice(0, 300)).toBe(403)
    expect(edit.json.notice.message).toBe(
      'You cannot add permissions you do not have yourself: staff.manage.',
    )
    const created = await manager.browser.resourceAction('Role', 'new', {
      name: `Wide ${unique()}`,
      description: '',
      permissions: ['settings.manage'],
    })
    expect(created.status).toBe(403)
    expect(await countsWithoutAudit()).toEqual(before)
    expect((await getDb().role.findUniqueOrThrow({ where: { id: manager.role.id } })).permissions).toEqual([
      'roles.manage',
      'roles.view',
    ])
    expect(await refusalsBy(manager.staffId)).toBe(2)
  })
})

describe("linked records respect the linked resource's view permission (issue 8 §4)", () => {
  it("a member without staff.view sees an email's linked Staff as a bare id, while its Client is filled in", async () => {
    const db = getDb()
    const client = await makeClient()
    const staff = await makeStaff('Super admin')
    const marker = `Linked${unique()}`
    await db.staff.update({ where: { id: staff.staffId }, data: { firstName: marker } })
    const email = await db.emailLog.create({
      data: {
        template: 'staff-password-reset',
        toAddress: staff.email,
        subject: `Linked ${unique()}`,
        props: {},
        clientId: client.clientId,
        staffId: staff.staffId,
      },
    })
    const support = await signedIn(admin.baseUrl, ...(await credentials('Support')))
    const viewer = await signedIn(admin.baseUrl, ...(await credentials('Read-only')))

    // Read-only may view staff: the populator fills the member in (so the check below is not vacuous).
    const full = await viewer.show('EmailLog', email.id)
    expect(full.json.record.populated.staff.params).toMatchObject({
      id: staff.staffId,
      email: staff.email,
      firstName: marker,
    })

    const shown = await support.show('EmailLog', email.id)
    expect(shown.status).toBe(200)
    expect(shown.json.record.params.staff).toBe(staff.staffId)
    expect(shown.json.record.populated.staff).toBeUndefined()
    expect(shown.json.record.populated.client.params.id).toBe(client.clientId)
    const listed = await support.list('EmailLog', `filters.subject=${encodeURIComponent(email.subject)}`)
    expect(listed.json.records).toHaveLength(1)
    expect(listed.json.records[0].populated.staff).toBeUndefined()
    expect(JSON.stringify([shown.json, listed.json])).not.toContain(marker)
  })
})

async function credentials(role: string): Promise<[string, string]> {
  const me = await makeStaff(role)
  return [me.email, me.password]
}
