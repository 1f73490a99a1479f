import { z } from 'zod'
import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../../../access'
import { recordAuditEvent } from '../../../audit'
import {
  DomainError,
  maskSecret,
  inTransaction,
  parseInput,
  type Ctx,
  type FieldIssue,
} from '../../../shared'
import { RegistrarError } from '../registrar'
import { getRegistrar, REGISTRARS } from '../registry'
import {
  loadRegistrarSettings,
  publicConfigOf,
  readRegistrarSecrets,
  sealRegistrarSecrets,
} from './load-registrar-settings'

export interface RegistrarFieldView {
  key: string
  label: string
  help: string | null
  isRequired: boolean
}

export interface RegistrarConfigView {
  registrar: string
  displayName: string
  description: string
  isTestMode: boolean
  /** whether the adapter can prove its settings with a harmless call */
  canTestConnection: boolean
  publicConfig: Record<string, unknown>
  publicFields: RegistrarFieldView[]
  /** secret settings: never the value, only whether it is set and its last four characters */
  secretFields: (RegistrarFieldView & { isSet: boolean; masked: string })[]
  /** how many TLDs are routed to this registrar */
  tldCount: number
  updatedAt: Date | null
}

const fieldView = (f: { key: string; label: string; help?: string; isRequired: boolean }) => ({
  key: f.key,
  label: f.label,
  help: f.help ?? null,
  isRequired: f.isRequired,
})

/** Staff (`domains.view`) see every registrar module and its settings, secrets masked. */
export async function listRegistrarConfigs(ctx: Ctx): Promise<RegistrarConfigView[]> {
  requirePermission(ctx.actor, 'domains.view')
  const rows = new Map((await ctx.db.registrarConfig.findMany()).map((r) => [r.registrar, r]))
  const tlds = await ctx.db.tld.groupBy({ by: ['registrar'], _count: { _all: true } })
  const tldCounts = new Map(tlds.map((t) => [t.registrar, t._count._all]))
  return Object.values(REGISTRARS).map((r) => {
    const row = rows.get(r.name)
    const secrets = readRegistrarSecrets(r.name, row?.settingsEnc ?? null)
    const fields = r.settingFields ?? []
    return {
      registrar: r.name,
      displayName: r.displayName,
      description: r.description,
      isTestMode: row?.isTestMode ?? true,
      canTestConnection: typeof r.testConnection === 'function',
      publicConfig: publicConfigOf(row?.publicConfig),
      publicFields: fields.filter((f) => !f.isSecret).map(fieldView),
      secretFields: fields
        .filter((f) => f.isSecret)
        .map((f) => ({ ...fieldView(f), isSet: !!secrets[f.key], masked: maskSecret(secrets[f.key]) })),
      tldCount: tldCounts.get(r.name) ?? 0,
      updatedAt: row?.updatedAt ?? null,
    }
  })
}

export const updateRegistrarConfigInput = z.object({
  registrar: z.string().min(1),
  isTestMode: z.boolean().optional(),
  /** a value replaces the stored one; '' keeps it; null clears it */
  secrets: z.record(z.string(), z.string().max(2000).nullable()).optional(),
  /** '' or null clears a setting */
  publicConfig: z.record(z.string(), z.string().max(2000).nullable()).optional(),
})

/**
 * Staff (`domains.registrars`) configure a registrar: test mode and its settings. Secrets are
 * sealed (AES-256-GCM, bound to the row) and never shown back; an empty secret field keeps the
 * stored value. Required fields must be set once the form is saved with any setting. Audited with
 * the public settings before/after and the names (never values) of changed secrets.
 */
export async function updateRegistrarConfig(ctx: Ctx, raw: unknown): Promise<RegistrarConfigView> {
  requirePermission(ctx.actor, 'domains.registrars')
  const input = parseInput(updateRegistrarConfigInput, raw)
  const registrar = getRegistrar(input.registrar)
  const fields = registrar.settingFields ?? []
  const secretKeys = new Set(fields.filter((f) => f.isSecret).map((f) => f.key))
  const publicKeys = new Set(fields.filter((f) => !f.isSecret).map((f) => f.key))
  const issues: FieldIssue[] = []
  for (const key of Object.keys(input.secrets ?? {}))
    if (!secretKeys.has(key))
      issues.push({ field: `secrets.${key}`, message: 'Unknown setting for this registrar.' })
  for (const key of Object.keys(input.publicConfig ?? {}))
    if (!publicKeys.has(key))
      issues.push({ field: `publicConfig.${key}`, message: 'Unknown setting for this registrar.' })
  if (issues.length)
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { issues, field: issues[0]!.field })

  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.registrarConfig.findUnique({ where: { registrar: registrar.name } })
    const secrets = readRegistrarSecrets(registrar.name, before?.settingsEnc ?? null)
    const changedSecrets: string[] = []
    for (const [key, value] of Object.entries(input.secrets ?? {})) {
      if (value === null) {
        if (key in secrets) changedSecrets.push(key)
        delete secrets[key]
      } else if (value.trim() !== '' && value.trim() !== secrets[key]) {
        secrets[key] = value.trim()
        changedSecrets.push(key)
      }
    }
    const publicConfig: Record<string, unknown> = { ...publicConfigOf(before?.publicConfig) }
    for (const [key, value] of Object.entries(input.publicConfig ?? {})) {
      if (value === null || value.trim() === '') delete publicConfig[key]
      else publicConfig[key] = value.trim()
    }
    const missing: FieldIssue[] = fields
      .filter((f) => f.isRequired && !(f.isSecret ? secrets[f.key] : publicConfig[f.key]))
      .map((f) => ({
        field: `${f.isSecret ? 'secrets' : 'publicConfig'}.${f.key}`,
        message: `${f.label} is required.`,
      }))
    if (missing.length)
      throw new DomainError('VALIDATION_FAILED', missing[0]!.message, {
        issues: missing,
        field: missing[0]!.field,
      })
    const data = {
      isTestMode: input.isTestMode ?? before?.isTestMode ?? true,
      settingsEnc: sealRegistrarSecrets(registrar.name, secrets),
      publicConfig: publicConfig as Prisma.InputJsonValue,
    }
    await tx.db.registrarConfig.upsert({
      where: { registrar: registrar.name },
      create: { registrar: registrar.name, ...data },
      update: data,
    })
    await recordAuditEvent(tx, {
      action: 'domains.registrar.update',
      targetType: 'RegistrarConfig',
      targetId: registrar.name,
      before: before
        ? { isTestMode: before.isTestMode, publicConfig: publicConfigOf(before.publicConfig) }
        : null,
      after: { isTestMode: data.isTestMode, publicConfig, changedSettings: changedSecrets },
    })
  })
  return (await listRegistrarConfigs(ctx)).find((v) => v.registrar === registrar.name)!
}

/**
 * Staff (`domains.registrars`) check a registrar's settings work: the adapter makes a harmless
 * call. Recorded in ModuleCall (action testConnection) like every registrar call, so a failure is
 * kept for later; changes nothing else.
 */
export async function testRegistrarConnection(
  ctx: Ctx,
  raw: unknown,
): Promise<{ ok: true; message: string }> {
  requirePermission(ctx.actor, 'domains.registrars')
  const { registrar: name } = parseInput(z.object({ registrar: z.string().min(1) }), raw)
  const registrar = getRegistrar(name)
  if (!registrar.testConnection)
    return { ok: true, message: `${registrar.displayName} has no connection to test.` }
  const settings = await loadRegistrarSettings(ctx.db, registrar.name)
  const started = performance.now()
  let message: string | undefined
  let failure: Error | undefined
  try {
    message = await registrar.testConnection({ settings, db: ctx.db })
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error))
  }
  await ctx.db.moduleCall.create({
    data: {
      module: registrar.name,
      action: 'testConnection',
      durationMs: Math.round(performance.now() - started),
      staffId: ctx.actor.type === 'staff' ? ctx.actor.staffId : null,
      success: !failure,
      error: failure ? failure.message.slice(0, 2000) : null,
      request: { isTestMode: settings.isTestMode === true },
      response: { message: message ?? null },
    },
  })
  if (failure)
    throw new DomainError(
      'PROVISIONING_FAILED',
      failure instanceof RegistrarError
        ? `${registrar.displayName}: ${failure.message}`
        : `${registrar.displayName} did not answer as expected.`,
      { cause: failure },
    )
  return { ok: true, message: message! }
}
