import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMonths, recordAuditEvent, systemCtx, toDateOnly } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeProduct, superAdmin, uid } from '@berth/tests/support/catalog-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * Staff who may read the module-call log (Support, Read-only) see what a module sent and got back,
 * never a secret in it, however deep it sits: the module-call list and page, the service page's
 * log and module data, and the audit trail all go through core's one masking rule.
 */
let admin: RunningAdmin
const db = getDb()
const secrets = [
  `nested-root-${uid()}`,
  `array-token-${uid()}`,
  `api-key-${uid()}`,
  `deep-cred-${uid()}`,
  `audit-nested-${uid()}`,
  `module-data-${uid()}`,
]
const [rootPassword, arrayToken, apiKey, deepCredential, auditSecret, moduleDataSecret] = secrets as [
  string,
  string,
  string,
  string,
  string,
  string,
]

beforeAll(async () => {
  admin = await startAdmin()
})
afterAll(async () => {
  await admin.close()
})

async function fixture() {
  const product = await makeProduct(await superAdmin(), {
    provisioningModule: 'webhook',
    moduleSettings: { url: 'https://panel.example.com/berth', secret: `whsec-${uid()}-${uid()}` },
  })
  const client = await makeClient()
  const today = toDateOnly(new Date())
  const service = await db.service.create({
    data: {
      clientId: client.clientId,
      productId: product.id,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1000n,
      recurringAmount: 1000n,
      registrationDate: today,
      nextDueDate: addMonths(today, 1),
      domain: `m-${uid()}.example.com`,
      moduleData: { panel: { accounts: [{ login: 'owner', passphrase: moduleDataSecret }] } },
    },
  })
  // What a host's module might have logged: secrets nested in objects and arrays, request and answer.
  const call = await db.moduleCall.create({
    data: {
      serviceId: service.id,
      module: 'webhook',
      action: 'create',
      success: true,
      durationMs: 12,
      attempt: 1,
      request: {
        idempotencyKey: `req-${uid()}`,
        params: { extra: [{ label: 'x', authToken: arrayToken }] },
        sent: { event: 'service.create', server: { credentials: { user: 'root', pass: deepCredential } } },
      },
      response: { status: 200, body: { ok: true, data: { panel: { rootPassword, api: { apiKey } } } } },
    },
  })
  await recordAuditEvent(systemCtx(db, 'test'), {
    action: 'test.nested-secret',
    targetType: 'Service',
    targetId: service.id,
    after: { settings: { nested: { password: auditSecret } } },
  })
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { action: 'test.nested-secret', targetId: service.id },
  })
  return { service, call, audit }
}

describe('secrets in logs, as Support and Read-only staff see them', () => {
  it.each(['Support', 'Read-only'])(
    '%s sees the module-call log, service page and audit trail with every nested secret masked',
    async (role) => {
      const { service, call, audit } = await fixture()
      const me = await makeStaff(role)
      const browser: AdminClient = await signedIn(admin.baseUrl, me.email, me.password)

      const shownCall = await browser.show('ModuleCall', call.id)
      expect(shownCall.status).toBe(200)
      const request = JSON.parse(shownCall.json.record.params.request)
      const response = JSON.parse(shownCall.json.record.params.response)
      expect(request).toMatchObject({
        params: { extra: [{ label: 'x', authToken: '••••' }] },
        sent: { event: 'service.create', server: { credentials: { user: '••••', pass: '••••' } } },
      })
      expect(response).toEqual({
        status: 200,
        body: { ok: true, data: { panel: { rootPassword: '••••', api: { apiKey: '••••' } } } },
      })

      const list = await browser.list('ModuleCall', 'perPage=100')
      const shownService = await browser.show('Service', service.id)
      expect(shownService.status).toBe(200)
      const detail = shownService.json.record.params.detail
      expect(JSON.parse(detail.moduleCalls[0].response)).toEqual(response)
      expect(JSON.parse(detail.moduleData)).toEqual({
        panel: { accounts: [{ login: 'owner', passphrase: '••••' }] },
      })

      const pages = [shownCall, list, shownService]
      if (role === 'Read-only') {
        const shownAudit = await browser.show('AuditEvent', audit.id.toString())
        expect(shownAudit.status).toBe(200)
        pages.push(shownAudit, await browser.list('AuditEvent', 'perPage=100'))
      }
      for (const page of pages) for (const secret of secrets) expect(page.text).not.toContain(secret)
      // The audit trail never stored it in the first place.
      expect(JSON.stringify(audit.after)).not.toContain(auditSecret)
    },
  )
})
