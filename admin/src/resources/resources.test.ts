import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRole, recordJobRun } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  makeClient,
  makeStaff,
  tableCounts,
  TEST_PASSWORD,
  uniqueEmail,
} from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

let admin: RunningAdmin
let superAdmin: Awaited<ReturnType<typeof makeStaff>>
let browser: AdminClient

beforeAll(async () => {
  admin = await startAdmin()
  superAdmin = await makeStaff('Super admin')
  browser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
})
afterAll(async () => {
  await admin.close()
})

const roleId = async (name: string) => (await getDb().role.findUniqueOrThrow({ where: { name } })).id

describe('writes go through core', () => {
  it('a Super admin creates a Support member through the API, and the audit log records who did it', async () => {
    const email = uniqueEmail('support')
    const res = await browser.resourceAction('Staff', 'new', {
      firstName: 'Sam',
      lastName: 'Support',
      email,
      role: await roleId('Support'),
      password: TEST_PASSWORD,
    })
    expect(res.status).toBe(200)
    expect(res.json.notice).toEqual({ message: 'The staff member was created.', type: 'success' })
    const created = await getDb().staff.findUniqueOrThrow({ where: { email }, include: { role: true } })
    expect(created.role.name).toBe('Support')
    expect(res.json.redirectUrl).toBe(`/admin/resources/Staff/records/${created.id}/show`)
    expect(res.json.record.params).not.toHaveProperty('passwordHash')

    const event = await getDb().auditEvent.findFirstOrThrow({
      where: { action: 'staff.create', targetId: created.id },
    })
    expect(event).toMatchObject({
      actorType: 'STAFF',
      actorId: superAdmin.staffId,
      actorLabel: superAdmin.email,
      targetType: 'Staff',
      ip: '127.0.0.1',
    })
    expect(event.after).toMatchObject({ email, roleId: created.roleId })
    expect(JSON.stringify(event.after)).not.toContain('argon2')

    // The new member can sign in with that password, and is a Support member.
    const theirs = await signedIn(admin.baseUrl, email, TEST_PASSWORD)
    expect((await theirs.list('Staff')).status).toBe(403)
    expect((await theirs.list('Client')).status).toBe(200)
  })

  it('bad input to new returns field errors on the right fields and changes nothing', async () => {
    const before = await tableCounts()
    const staff = await browser.resourceAction('Staff', 'new', {
      firstName: '',
      lastName: 'X',
      email: 'not-an-email',
      role: '',
      password: 'short',
    })
    expect(staff.status).toBe(200)
    expect(staff.json.notice.type).toBe('error')
    expect(Object.keys(staff.json.record.errors).sort()).toEqual(['email', 'firstName', 'password', 'role'])
    expect(staff.json.record.errors.password.message).toMatch(/at least/)

    const client = await browser.resourceAction('Client', 'new', {
      firstName: 'A',
      lastName: 'B',
      email: 'nope',
      address1: '',
      city: 'X',
      country: 'ZZ',
      phone: '12',
    })
    expect(client.json.notice.type).toBe('error')
    expect(client.json.record.errors).toMatchObject({
      email: expect.any(Object),
      address1: expect.any(Object),
      country: expect.any(Object),
      phone: expect.any(Object),
    })

    const role = await browser.resourceAction('Role', 'new', {
      name: '',
      permissions: ['clients.view', 'made.up'],
    })
    expect(role.json.record.errors).toMatchObject({ name: expect.any(Object) })
    expect(Object.keys(role.json.record.errors).some((k) => k.startsWith('permissions'))).toBe(true)
    expect(await tableCounts()).toEqual(before)
  })

  it('bad input to edit returns field errors and changes nothing', async () => {
    const c = await makeClient()
    const other = await makeClient()
    const db = getDb()
    const clientBefore = await db.client.findUniqueOrThrow({ where: { id: c.clientId } })
    const userBefore = await db.user.findUniqueOrThrow({ where: { id: c.userId } })
    const before = await tableCounts()

    const client = await browser.recordAction('Client', c.clientId, 'edit', {
      city: '',
      country: 'Atlantis',
      phone: 'call me',
    })
    expect(client.status).toBe(200)
    expect(client.json.notice.type).toBe('error')
    expect(Object.keys(client.json.record.errors).sort()).toEqual(['city', 'country', 'phone'])

    const user = await browser.recordAction('User', c.userId, 'edit', { email: 'broken@' })
    expect(user.json.record.errors.email.message).toBeTruthy()

    // Another login's email is a field error too (core's EMAIL_TAKEN).
    const taken = await browser.recordAction('User', c.userId, 'edit', { email: other.email })
    expect(taken.json.record.errors.email.type).toBe('EMAIL_TAKEN')

    expect(await db.client.findUniqueOrThrow({ where: { id: c.clientId } })).toEqual(clientBefore)
    expect(await db.user.findUniqueOrThrow({ where: { id: c.userId } })).toEqual(userBefore)
    expect(await tableCounts()).toEqual(before)
  })

  it('creates a client with its owner through core, and edits it from the form AdminJS sends', async () => {
    const email = uniqueEmail('owner')
    const res = await browser.resourceAction('Client', 'new', {
      firstName: 'Olive',
      lastName: 'Owner',
      email,
      password: '',
      companyName: 'Olive Hosting',
      address1: '2 Dock Road',
      city: 'Harbour',
      country: 'gb',
      phone: '+44 20 7946 0002',
      isTaxExempt: 'false',
      currencyCode: 'EUR',
    })
    expect(res.json.notice.type).toBe('success')
    const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { client: true } })
    expect(user.isOwner).toBe(true)
    expect(user.client).toMatchObject({ companyName: 'Olive Hosting', country: 'GB', currencyCode: 'EUR' })
    // No password given: the owner was sent a link to choose one.
    expect(await getDb().emailLog.count({ where: { toAddress: email, template: 'password-reset' } })).toBe(1)

    // The edit form posts every param of the record, nulls included; only the editable fields count.
    const shown = await browser.show('Client', user.clientId)
    const params = {
      ...shown.json.record.params,
      city: 'New Harbour',
      state: null,
      notes: 'Pays by bank transfer',
      status: 'CLOSED',
      id: 'forged',
    }
    const edited = await browser.recordAction('Client', user.clientId, 'edit', params)
    expect(edited.json.notice.type).toBe('success')
    const after = await getDb().client.findUniqueOrThrow({ where: { id: user.clientId } })
    expect(after).toMatchObject({
      city: 'New Harbour',
      notes: 'Pays by bank transfer',
      status: 'ACTIVE',
      id: user.clientId,
    })
    expect(
      await getDb().auditEvent.count({
        where: { action: 'client.update', targetId: user.clientId, actorId: superAdmin.staffId },
      }),
    ).toBe(1)
  })

  it('disables and enables a client (POST only), ending its portal sessions', async () => {
    const c = await makeClient()
    const db = getDb()
    await db.session.create({
      data: {
        id: `test-${c.userId}`,
        door: 'PORTAL',
        userId: c.userId,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    })
    const disabled = await browser.recordAction('Client', c.clientId, 'disable', { confirm: 'yes' })
    expect(disabled.json.notice).toEqual({ message: 'The client was disabled.', type: 'success' })
    expect(disabled.json.record.params.status).toBe('INACTIVE')
    expect(await db.session.count({ where: { userId: c.userId } })).toBe(0)
    // The record's actions now offer Enable, not Disable.
    const actions = disabled.json.record.recordActions.map((a: { name: string }) => a.name)
    expect(actions).toContain('enable')
    expect(actions).not.toContain('disable')
    const enabled = await browser.recordAction('Client', c.clientId, 'enable', { confirm: 'yes' })
    expect(enabled.json.record.params.status).toBe('ACTIVE')
    expect(
      await db.auditEvent.count({ where: { action: 'client.status.change', targetId: c.clientId } }),
    ).toBe(2)
  })

  it('edits a staff member: role by id, empty password keeps the old one; a member cannot disable themselves', async () => {
    const member = await makeStaff('Support')
    const db = getDb()
    const hashBefore = (await db.staff.findUniqueOrThrow({ where: { id: member.staffId } })).passwordHash
    const res = await browser.recordAction('Staff', member.staffId, 'edit', {
      firstName: 'Renamed',
      role: await roleId('Billing'),
      password: '',
      status: 'ACTIVE',
    })
    expect(res.json.notice.type).toBe('success')
    const after = await db.staff.findUniqueOrThrow({ where: { id: member.staffId }, include: { role: true } })
    expect(after.firstName).toBe('Renamed')
    expect(after.role.name).toBe('Billing')
    expect(after.passwordHash).toBe(hashBefore)

    // The only Super admin cannot step down; with a second one, disabling oneself is still refused.
    const last = await browser.recordAction('Staff', superAdmin.staffId, 'edit', { status: 'DISABLED' })
    expect(last.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/last active Super admin/),
    })
    await makeStaff('Super admin')
    const self = await browser.recordAction('Staff', superAdmin.staffId, 'edit', { status: 'DISABLED' })
    expect(self.json.record.errors.status.message).toMatch(/your own account/)
    const selfDelete = await browser.recordAction('Staff', superAdmin.staffId, 'delete')
    expect(selfDelete.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/your own account/),
    })
    expect(await db.staff.count({ where: { id: superAdmin.staffId } })).toBe(1)
  })

  it("built-in roles are read-only: edit and delete answer core's message and change nothing", async () => {
    const id = await roleId('Billing')
    const before = await getDb().role.findUniqueOrThrow({ where: { id } })
    const edit = await browser.recordAction('Role', id, 'edit', {
      description: 'changed',
      permissions: ['clients.view'],
    })
    expect(edit.json.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/built-in role/) })
    const del = await browser.recordAction('Role', id, 'delete')
    expect(del.json.notice.type).toBe('error')
    expect(await getDb().role.findUniqueOrThrow({ where: { id } })).toEqual(before)
    // Their record actions offer neither (cosmetic; core refuses anyway).
    const shown = await browser.show('Role', id)
    const actions = shown.json.record.recordActions.map((a: { name: string }) => a.name)
    expect(actions).not.toContain('edit')
    expect(actions).not.toContain('delete')
  })

  it("edits a custom role's permissions as a list, and refuses to delete a role still in use", async () => {
    const role = await createRole(superAdmin.ctx, { name: 'Night shift', permissions: ['clients.view'] })
    const res = await browser.recordAction('Role', role.id, 'edit', {
      name: 'Night shift',
      permissions: ['support.view', 'clients.view', 'support.reply'],
    })
    expect(res.json.notice.type).toBe('success')
    expect((await getDb().role.findUniqueOrThrow({ where: { id: role.id } })).permissions).toEqual([
      'clients.view',
      'support.reply',
      'support.view',
    ])
    const none = await browser.recordAction('Role', role.id, 'edit', { permissions: [] })
    expect(none.json.notice.type).toBe('success')
    expect((await getDb().role.findUniqueOrThrow({ where: { id: role.id } })).permissions).toEqual([])

    const member = await makeStaff('Support')
    await getDb().staff.update({ where: { id: member.staffId }, data: { roleId: role.id } })
    const del = await browser.recordAction('Role', role.id, 'delete')
    expect(del.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/still have this role/),
    })
  })
})

describe('reads through the adapter', () => {
  it('never sends password hashes, TOTP secrets or encrypted payloads', async () => {
    const c = await makeClient()
    const responses = [
      await browser.list('User'),
      await browser.show('User', c.userId),
      await browser.list('Staff'),
      await browser.show('Staff', superAdmin.staffId),
      await browser.list('EmailLog'),
      await browser.list('Client'),
      await browser.get('/admin/api/resources/User/actions/search/a'),
    ]
    const secret = /passwordHash|totpSecretEnc|totpEnabledAt|payloadEnc|\$argon2/
    for (const res of responses) {
      expect(res.status).toBe(200)
      expect(secret.exec(res.text)?.[0]).toBeUndefined()
    }
    // Filtering or sorting by a hidden column is ignored, not used.
    const probe = await browser.list('User', 'filters.passwordHash=%24argon2&sortBy=passwordHash')
    expect(probe.json.records.length).toBeGreaterThan(0)
    expect(secret.exec(JSON.stringify(probe.json.records))?.[0]).toBeUndefined()
    const email = await getDb().emailLog.findFirstOrThrow({ where: { clientId: c.clientId } })
    const shown = await browser.show('EmailLog', email.id)
    expect(shown.json.record.params).not.toHaveProperty('payloadEnc')
    expect(shown.json.record.params.html).toBe(email.html)
  })

  it('lists and shows BigInt ids (audit log, login attempts) and pretty-prints JSON', async () => {
    const audit = await browser.list('AuditEvent')
    expect(audit.status).toBe(200)
    const newest = audit.json.records[0]
    expect(typeof newest.id).toBe('string')
    expect(new Date(newest.params.createdAt).getTime()).toBeGreaterThanOrEqual(
      new Date(audit.json.records[1].params.createdAt).getTime(),
    )
    const withAfter = await getDb().auditEvent.findFirstOrThrow({
      where: { action: 'client.create' },
      orderBy: { id: 'desc' },
    })
    const shown = await browser.show('AuditEvent', withAfter.id.toString())
    expect(shown.status).toBe(200)
    expect(shown.json.record.params.after).toBe(JSON.stringify(withAfter.after, null, 2))

    const attempts = await browser.list('LoginAttempt')
    expect(attempts.status).toBe(200)
    const attempt = attempts.json.records[0]
    expect((await browser.show('LoginAttempt', attempt.id)).json.record.params.email).toBe(
      attempt.params.email,
    )
    // Malformed ids and filters are refused quietly, never a 500.
    expect((await browser.show('AuditEvent', 'abc')).status).toBe(200)
    expect((await browser.show('Client', 'not-a-uuid')).status).toBe(200)
    expect(
      (await browser.list('AuditEvent', 'filters.id=12x&filters.clientId=nope&filters.actorType=ROBOT')).json
        .records,
    ).toEqual([])
  })

  it('filters the audit log by actor type, action, target, client and date', async () => {
    const c = await makeClient()
    const q = (query: string) =>
      browser
        .list('AuditEvent', query)
        .then((r) => r.json.records as Array<{ params: Record<string, string> }>)
    const byClient = await q(`filters.clientId=${c.clientId}`)
    expect(byClient.length).toBeGreaterThan(0)
    expect(byClient.every((r) => r.params.clientId === c.clientId)).toBe(true)
    expect(
      (await q(`filters.targetType=Client&filters.targetId=${c.clientId}&filters.action=client.register`))
        .length,
    ).toBe(1)
    expect((await q('filters.actorType=STAFF')).every((r) => r.params.actorType === 'STAFF')).toBe(true)
    const future = new Date(Date.now() + 86_400_000).toISOString()
    expect(await q(`filters.createdAt~~from=${future}`)).toEqual([])
    expect((await q(`filters.createdAt~~to=${future}&filters.clientId=${c.clientId}`)).length).toBe(
      byClient.length,
    )
  })

  it('finds clients by company, owner name or email (any case), and shows owner and logins', async () => {
    const c = await makeClient({ companyName: 'Zebra Crossing Hosting' })
    const byCompany = await browser.list('Client', 'filters.displayName=zebra%20crossing')
    expect(byCompany.json.records.map((r: { id: string }) => r.id)).toEqual([c.clientId])
    const byEmail = await browser.list(
      'Client',
      `filters.ownerEmail=${encodeURIComponent(c.email.toUpperCase())}`,
    )
    expect(byEmail.json.records.map((r: { id: string }) => r.id)).toEqual([c.clientId])
    expect(byEmail.json.records[0].params).toMatchObject({
      companyName: 'Zebra Crossing Hosting',
      ownerEmail: c.email,
      ownerName: 'Test Client',
      displayName: 'Zebra Crossing Hosting',
    })
    const search = await browser.get('/admin/api/resources/Client/actions/search/ZEBRA')
    expect(search.json.records.map((r: { title: string }) => r.title)).toEqual(['Zebra Crossing Hosting'])
    const users = await browser.list('User', `filters.client=${c.clientId}`)
    expect(users.json.records.map((r: { id: string }) => r.id)).toEqual([c.userId])
    expect(users.json.records[0].populated.client.title).toBe('Zebra Crossing Hosting')
  })

  it('lists job runs and shows their counts', async () => {
    await recordJobRun(
      getDb(),
      { job: 'billing.daily', runKey: '2026-01-01', triggeredBy: 'cron' },
      async () => ({ invoices: 3 }),
    )
    const runs = await browser.list('JobRun', 'filters.job=billing')
    expect(runs.json.records).toHaveLength(1)
    const shown = await browser.show('JobRun', runs.json.records[0].id)
    expect(JSON.parse(shown.json.record.params.counts)).toEqual({ invoices: 3 })
  })
})
