import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getSettings, sessionIdForToken } from '@berth/core'
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
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

const sidOf = (c: AdminClient) => {
  const v = decodeURIComponent(c.cookies.get('berth_admin') ?? '')
  return v.slice(2, v.lastIndexOf('.'))
}

describe('My account', () => {
  it('every role can open it and change their own name and email', async () => {
    for (const role of ['Super admin', 'Billing', 'Support', 'Read-only']) {
      const me = await makeStaff(role)
      const browser = await signedIn(admin.baseUrl, me.email, me.password)
      const page = await browser.get('/admin/api/pages/myAccount')
      expect(page.status).toBe(200)
      expect(page.json.data).toEqual({ firstName: 'Staff', lastName: role, email: me.email, roleName: role })
      const email = uniqueEmail('renamed')
      // The page posts JSON (axios), like the browser does.
      const res = await browser.request('POST', '/admin/api/pages/myAccount', {
        json: { intent: 'profile', firstName: 'Renée', lastName: 'Renamed', email: email.toUpperCase() },
      })
      expect(res.json).toMatchObject({
        ok: true,
        data: { firstName: 'Renée', lastName: 'Renamed', email },
        notice: { type: 'success' },
      })
      expect((await browser.get('/admin')).text).toContain(email)
      expect(
        await getDb().auditEvent.count({ where: { action: 'staff.profile.update', targetId: me.staffId } }),
      ).toBe(1)
    }
  })

  it('refuses an email another staff member has, on the email field', async () => {
    const me = await makeStaff('Support')
    const other = await makeStaff('Billing')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const res = await browser.post('/admin/api/pages/myAccount', {
      intent: 'profile',
      firstName: 'A',
      lastName: 'B',
      email: other.email,
    })
    expect(res.json).toMatchObject({ ok: false, errors: { email: expect.stringMatching(/already exists/) } })
    expect((await getDb().staff.findUniqueOrThrow({ where: { id: me.staffId } })).email).toBe(me.email)
  })

  it('changes the password with the current one; the other sessions end and this one stays', async () => {
    const me = await makeStaff('Billing')
    const here = await signedIn(admin.baseUrl, me.email, me.password)
    const elsewhere = await signedIn(admin.baseUrl, me.email, me.password)
    const before = await tableCounts()

    const wrong = await here.post('/admin/api/pages/myAccount', {
      intent: 'password',
      currentPassword: 'not it',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(wrong.json).toMatchObject({
      ok: false,
      errors: { currentPassword: 'Your current password is not correct.' },
    })
    const mismatch = await here.post('/admin/api/pages/myAccount', {
      intent: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
      confirmPassword: 'something else entirely',
    })
    expect(mismatch.json.errors).toHaveProperty('confirmPassword')
    expect(await tableCounts()).toEqual(before)

    const ok = await here.post('/admin/api/pages/myAccount', {
      intent: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(ok.json).toMatchObject({
      ok: true,
      notice: { type: 'success', message: expect.stringMatching(/1 other session was signed out/) },
    })
    expect(await getDb().session.findMany({ where: { staffId: me.staffId }, select: { id: true } })).toEqual([
      { id: sessionIdForToken(sidOf(here)) },
    ])
    expect((await elsewhere.get('/admin')).location).toBe('/admin/login')
    expect((await here.get('/admin')).status).toBe(200)
    await signedIn(admin.baseUrl, me.email, 'a brand new passphrase')
  })
})

describe('Settings', () => {
  it('a Super admin sees and saves them; bad values are field errors', async () => {
    const me = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const page = await browser.get('/admin/api/pages/settings')
    expect(page.json.data.canManage).toBe(true)
    expect(page.json.data.settings).toMatchObject({
      companyName: expect.any(String),
      allowRegistration: true,
    })

    const bad = await browser.post('/admin/api/pages/settings', { companyName: '', companyEmail: 'nope' })
    expect(bad.json).toMatchObject({
      ok: false,
      errors: { companyName: expect.any(String), companyEmail: expect.any(String) },
    })

    const res = await browser.request('POST', '/admin/api/pages/settings', {
      json: {
        ...page.json.data.settings,
        companyName: 'Harbour Hosting Ltd',
        companyTaxId: 'GB123456789',
        allowRegistration: false,
      },
    })
    expect(res.json).toMatchObject({
      ok: true,
      notice: { type: 'success' },
      data: { settings: { companyName: 'Harbour Hosting Ltd', allowRegistration: false } },
    })
    const saved = await getSettings(getDb())
    expect(saved).toMatchObject({
      'company.name': 'Harbour Hosting Ltd',
      'company.taxId': 'GB123456789',
      'portal.allowRegistration': false,
    })
    expect(
      await getDb().auditEvent.count({ where: { action: 'settings.update', actorId: me.staffId } }),
    ).toBe(1)
    // Open registration again for the other tests of this file (they register clients).
    expect(
      (await browser.post('/admin/api/pages/settings', { allowRegistration: 'true' })).json.data.settings
        .allowRegistration,
    ).toBe(true)
  })

  it('the automation section: a Super admin saves the daily run and upgrade settings; bad values are refused on their field, nothing saved', async () => {
    const me = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const page = await browser.get('/admin/api/pages/settings')
    expect(page.json.data.settings).toMatchObject({
      renewalInvoiceDaysBefore: '14',
      overdueSuspendDays: '7',
      packageChangeExpiryDays: '7',
      lateFeeType: 'NONE',
      lateFeePercent: '10',
    })
    const post = (changes: Record<string, string>) =>
      browser.request('POST', '/admin/api/pages/settings', {
        json: { ...page.json.data.settings, ...changes },
      })

    const before = await getSettings(getDb())
    const negative = await post({ overdueNotice2Days: '-2' })
    expect(negative.json).toMatchObject({
      ok: false,
      errors: { overdueNotice2Days: expect.stringMatching(/negative/) },
    })
    const notNumber = await post({ terminateDays: 'soon' })
    expect(notNumber.json).toMatchObject({
      ok: false,
      errors: { terminateDays: 'Enter a whole number of days.' },
    })
    const afterSuspension = await post({ overdueNotice3Days: '10', overdueSuspendDays: '7' })
    expect(afterSuspension.json).toMatchObject({
      ok: false,
      errors: { overdueNotice3Days: expect.stringMatching(/after the service is suspended/) },
    })
    const badPercent = await post({ lateFeePercent: 'ten' })
    expect(badPercent.json).toMatchObject({ ok: false, errors: { lateFeePercent: expect.any(String) } })
    expect(await getSettings(getDb())).toEqual(before)

    const saved = await post({
      renewalInvoiceDaysBefore: '10',
      overdueSuspendDays: '14',
      overdueNotice3Days: '12',
      terminateDays: '30',
      lateFeeType: 'PERCENT',
      lateFeePercent: '2.5',
      packageChangeExpiryDays: '3',
      runHour: '6',
      timeZone: 'Europe/Berlin',
    })
    expect(saved.json).toMatchObject({
      ok: true,
      data: { settings: { lateFeePercent: '2.5', runHour: '6' } },
    })
    expect(await getSettings(getDb())).toMatchObject({
      'billing.renewalInvoiceDaysBefore': 10,
      'automation.overdueSuspendDays': 14,
      'billing.overdueNotice3Days': 12,
      'automation.terminateDays': 30,
      'billing.lateFeeType': 'PERCENT',
      'billing.lateFeePercent': 25_000,
      'services.packageChangeExpiryDays': 3,
      'automation.runHour': 6,
      'automation.timeZone': 'Europe/Berlin',
    })

    const readOnly = await signedIn(
      admin.baseUrl,
      ...(await makeStaff('Read-only').then((s) => [s.email, s.password] as const)),
    )
    expect((await readOnly.post('/admin/api/pages/settings', { terminateDays: '1' })).status).toBe(403)
    expect((await getSettings(getDb()))['automation.terminateDays']).toBe(30)
  })

  it('the run summary, termination warning and domain run settings: saved from text, list faults refused on their field, nothing saved', async () => {
    const me = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const page = await browser.get('/admin/api/pages/settings')
    expect(page.json.data.settings).toMatchObject({
      terminationWarningDays: '0',
      summaryRecipients: '',
      domainRenewalInvoiceDays: '14',
      domainReminderDaysBefore: '30, 14, 7, 3, 1',
      domainReminderDaysAfter: '1, 5',
      domainSyncIntervalDays: '1',
      domainDefaultNameservers: 'ns1.berth.invalid, ns2.berth.invalid',
    })
    const post = (changes: Record<string, string>) =>
      browser.request('POST', '/admin/api/pages/settings', {
        json: { ...page.json.data.settings, ...changes },
      })
    const before = await getSettings(getDb())
    expect((await post({ domainReminderDaysBefore: '30, -2' })).json).toMatchObject({
      ok: false,
      errors: { domainReminderDaysBefore: expect.stringMatching(/negative/) },
    })
    expect((await post({ summaryRecipients: 'billing@, x' })).json).toMatchObject({
      ok: false,
      errors: { summaryRecipients: 'Enter staff email addresses.' },
    })
    expect((await post({ domainSyncIntervalDays: 'daily' })).json).toMatchObject({
      ok: false,
      errors: { domainSyncIntervalDays: 'Enter a whole number of days.' },
    })
    expect((await post({ domainDefaultNameservers: 'ns1.example.net' })).json).toMatchObject({
      ok: false,
      errors: { domainDefaultNameservers: 'Enter at least 2 nameservers.' },
    })
    expect((await post({ domainDefaultNameservers: 'ns1.example.net, bad_host' })).json).toMatchObject({
      ok: false,
      errors: { domainDefaultNameservers: 'Enter host names such as ns1.example.com.' },
    })
    // A warning with termination off has no day to come before.
    expect((await post({ terminateDays: '0', terminationWarningDays: '3' })).json).toMatchObject({
      ok: false,
      errors: { terminationWarningDays: expect.any(String) },
    })
    expect(await getSettings(getDb())).toEqual(before)

    const saved = await post({
      terminateDays: '30',
      terminationWarningDays: '5',
      summaryRecipients: 'Billing@Example.test, ops@example.test',
      domainRenewalInvoiceDays: '21',
      domainReminderDaysBefore: '60,30 7',
      domainReminderDaysAfter: '',
      domainSyncIntervalDays: '2',
      domainDefaultNameservers: 'NS1.Example.net., ns2.example.net',
    })
    expect(saved.json, JSON.stringify(saved.json)).toMatchObject({
      ok: true,
      data: { settings: { domainReminderDaysBefore: '60, 30, 7' } },
    })
    expect(await getSettings(getDb())).toMatchObject({
      'billing.terminationWarningDays': 5,
      'automation.summaryRecipients': ['billing@example.test', 'ops@example.test'],
      'domains.renewalInvoiceDays': 21,
      'domains.reminderDays': { before: [60, 30, 7], after: [] },
      'domains.syncIntervalDays': 2,
      'domains.defaultNameservers': ['ns1.example.net', 'ns2.example.net'],
    })
  })

  it('Read-only sees them but cannot save; Support and Billing cannot see them', async () => {
    const readOnly = await signedIn(
      admin.baseUrl,
      ...(await makeStaff('Read-only').then((s) => [s.email, s.password] as const)),
    )
    const view = await readOnly.get('/admin/api/pages/settings')
    expect(view.status).toBe(200)
    expect(view.json.data.canManage).toBe(false)
    const before = await getSettings(getDb())
    const save = await readOnly.post('/admin/api/pages/settings', { companyName: 'Taken Over' })
    expect(save.status).toBe(403)
    expect(await getSettings(getDb())).toEqual(before)

    for (const role of ['Support', 'Billing']) {
      const s = await makeStaff(role)
      const browser = await signedIn(admin.baseUrl, s.email, s.password)
      expect((await browser.get('/admin/api/pages/settings')).status).toBe(403)
      expect((await browser.get('/admin/pages/settings')).status).toBe(403)
      expect((await browser.post('/admin/api/pages/settings', { companyName: 'x' })).status).toBe(403)
    }
  })
})

describe('Dashboard', () => {
  it('shows each role only the numbers it may see', async () => {
    // The orders and services numbers need orders.view, which every built-in role has.
    const ORDER_KEYS = ['pendingOrders', 'activeServices', 'openStaffTasks', 'failedModuleCalls']
    await makeClient()
    const numbers = async (role: string) => {
      const s = await makeStaff(role)
      const browser = await signedIn(admin.baseUrl, s.email, s.password)
      const res = await browser.get('/admin/api/dashboard')
      expect(res.status).toBe(200)
      return res.json as { counts: Array<{ key: string; value: number }>; recentEvents: unknown[] | null }
    }
    const superAdmin = await numbers('Super admin')
    expect(superAdmin.counts.map((c) => c.key)).toEqual([
      'clients',
      ...ORDER_KEYS,
      'staff',
      'emailsToday',
      'emailsFailed',
    ])
    expect(superAdmin.counts.find((c) => c.key === 'clients')!.value).toBeGreaterThanOrEqual(1)
    expect(superAdmin.recentEvents!.length).toBeGreaterThan(0)
    const support = await numbers('Support')
    expect(support.counts.map((c) => c.key)).toEqual([
      'clients',
      ...ORDER_KEYS,
      'emailsToday',
      'emailsFailed',
    ])
    expect(support.recentEvents).toBeNull()
    const billing = await numbers('Billing')
    expect(billing.counts.map((c) => c.key)).toEqual([
      'clients',
      ...ORDER_KEYS,
      'emailsToday',
      'emailsFailed',
    ])
    expect(billing.recentEvents).not.toBeNull()
  })
})
