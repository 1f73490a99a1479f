import type { PageHandler } from 'adminjs'
import { getSettings, hasPermission, updateSettings, type SettingKey, type Settings } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { failedAnswer, flag, text, type PageAnswer } from './page-answer'
import { BILLING_KEY_TO_FIELD, billingSettingsForm, billingSettingsPatch } from './billing-settings'
import {
  AUTOMATION_KEY_TO_FIELD,
  automationSettingsForm,
  automationSettingsPatch,
} from './automation-settings'

/** The settings this page shows, form field → setting key. */
const TEXT_FIELDS = {
  companyName: 'company.name',
  companyEmail: 'company.email',
  companyAddress: 'company.address',
  companyTaxId: 'company.taxId',
  companyLogoUrl: 'company.logoUrl',
} as const satisfies Record<string, SettingKey>
const FLAG_FIELDS = {
  allowRegistration: 'portal.allowRegistration',
  requireEmailVerification: 'portal.requireEmailVerification',
  allowPrivateWebhookTargets: 'provisioning.allowPrivateWebhookTargets',
} as const satisfies Record<string, SettingKey>

type SettingsForm = { [K in keyof typeof TEXT_FIELDS]: string } & { [K in keyof typeof FLAG_FIELDS]: boolean }

function toForm(settings: Settings): SettingsForm {
  const form = {} as Record<string, unknown>
  for (const [field, key] of Object.entries(TEXT_FIELDS)) form[field] = settings[key]
  for (const [field, key] of Object.entries(FLAG_FIELDS)) form[field] = settings[key]
  return form as SettingsForm
}

const KEY_TO_FIELD: Record<string, string> = Object.fromEntries(
  [...Object.entries(TEXT_FIELDS), ...Object.entries(FLAG_FIELDS)].map(([f, k]) => [k, f]),
)

/** Settings: GET needs settings.view (the request guard checks it first), POST settings.manage (core checks it). */
export function settingsHandler(db: Db): PageHandler {
  return async (request: {
    method?: string
    payload?: Record<string, unknown>
  }): Promise<PageAnswer<{ settings: SettingsForm; canManage: boolean }>> => {
    const ctx = ctxFor(db, request)
    const withBilling = async (s: Settings) =>
      ({ ...toForm(s), ...(await billingSettingsForm(db, s)), ...automationSettingsForm(s) }) as SettingsForm
    const canManage = hasPermission(ctx.actor, 'settings.manage')
    if (!hasPermission(ctx.actor, 'settings.view'))
      return {
        ok: false,
        notice: { message: 'You do not have permission to see the settings.', type: 'error' },
      }
    if (request.method !== 'post')
      return { ok: true, data: { settings: await withBilling(await getSettings(db)), canManage } }

    const payload = request.payload ?? {}
    const patch: Partial<Record<SettingKey, unknown>> = {}
    for (const [field, key] of Object.entries(TEXT_FIELDS))
      if (Object.hasOwn(payload, field)) patch[key] = text(payload[field])
    for (const [field, key] of Object.entries(FLAG_FIELDS))
      if (Object.hasOwn(payload, field)) patch[key] = flag(payload[field])
    const billing = await billingSettingsPatch(db, payload)
    const automation = automationSettingsPatch(payload)
    if (billing.errors || automation.errors)
      return {
        ok: false,
        errors: { ...billing.errors, ...automation.errors },
        notice: { message: 'Please correct the fields marked below.', type: 'error' },
      }
    Object.assign(patch, billing.patch, automation.patch)
    try {
      const after = await updateSettings(ctx, patch)
      return {
        ok: true,
        data: { settings: await withBilling(after), canManage },
        notice: { message: 'Settings saved.', type: 'success' },
      }
    } catch (error) {
      return failedAnswer(error, { ...KEY_TO_FIELD, ...BILLING_KEY_TO_FIELD, ...AUTOMATION_KEY_TO_FIELD })
    }
  }
}
