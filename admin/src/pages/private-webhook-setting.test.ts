import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getSettings } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

/** The console's switch for provisioning.allowPrivateWebhookTargets (core/src/provisioning/webhook-target.ts). */
let admin: RunningAdmin
beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

describe('Settings: Allow private webhook targets', () => {
  it('is off by default, and a Super admin turns it on and off from the settings page', async () => {
    const me = await makeStaff('Super admin')
    const browser = await signedIn(admin.baseUrl, me.email, me.password)
    const page = await browser.get('/admin/api/pages/settings')
    expect(page.json.data.settings.allowPrivateWebhookTargets).toBe(false)
    const on = await browser.post('/admin/api/pages/settings', { allowPrivateWebhookTargets: 'true' })
    expect(on.json).toMatchObject({ ok: true, data: { settings: { allowPrivateWebhookTargets: true } } })
    expect((await getSettings(getDb()))['provisioning.allowPrivateWebhookTargets']).toBe(true)
    await browser.post('/admin/api/pages/settings', { allowPrivateWebhookTargets: 'false' })
    expect((await getSettings(getDb()))['provisioning.allowPrivateWebhookTargets']).toBe(false)
  })
})
