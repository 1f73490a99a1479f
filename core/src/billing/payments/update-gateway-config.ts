import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { isProduction } from '../../platform'
import { DomainError, inTransaction, parseInput, type Ctx, type FieldIssue } from '../../shared'
import { findGateway } from '../gateways/registry'
import { listGatewayConfigs, type GatewayConfigView } from './list-gateway-configs'
import { readSecrets, sealSecrets } from './load-gateway'
import { updateGatewayConfigInput } from './schemas'

/**
 * Staff (`billing.gateways`) configure a gateway: name, enabled, test mode, order, and its settings.
 * Secret settings are stored encrypted (AES-256-GCM) and never shown back; an empty secret field
 * keeps the stored value. Enabling needs every required field. A demo-only gateway (the test
 * gateway) cannot be configured at all in production mode (NOT_IN_PRODUCTION).
 */
export async function updateGatewayConfig(ctx: Ctx, raw: unknown): Promise<GatewayConfigView> {
  requirePermission(ctx.actor, 'billing.gateways')
  const input = parseInput(updateGatewayConfigInput, raw)
  const gateway = findGateway(input.gateway)
  if (!gateway)
    throw new DomainError('NOT_FOUND', 'This payment gateway does not exist.', { field: 'gateway' })
  if (gateway.isDemoOnly && isProduction())
    throw new DomainError(
      'NOT_IN_PRODUCTION',
      `${gateway.displayName} is for demos: it cannot be enabled in production mode.`,
      { field: 'gateway' },
    )

  const issues: FieldIssue[] = []
  const secretKeys = new Set(gateway.secretFields.map((f) => f.key))
  const publicKeys = new Set(gateway.publicFields.map((f) => f.key))
  for (const key of Object.keys(input.secrets ?? {}))
    if (!secretKeys.has(key))
      issues.push({ field: `secrets.${key}`, message: 'Unknown setting for this gateway.' })
  for (const key of Object.keys(input.publicConfig ?? {}))
    if (!publicKeys.has(key))
      issues.push({ field: `publicConfig.${key}`, message: 'Unknown setting for this gateway.' })
  if (issues.length)
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { issues, field: issues[0]!.field })

  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.gatewayConfig.findUnique({ where: { gateway: gateway.id } })
    const secrets = readSecrets(gateway.id, before?.settingsEnc ?? null)
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
    const publicConfig: Record<string, unknown> = {
      ...((before?.publicConfig as Record<string, unknown> | undefined) ?? {}),
    }
    for (const [key, value] of Object.entries(input.publicConfig ?? {})) {
      if (value === null || value === '') delete publicConfig[key]
      else publicConfig[key] = typeof value === 'string' ? value.trim() : value
    }
    const isEnabled = input.isEnabled ?? before?.isEnabled ?? false
    if (isEnabled) {
      const missing: FieldIssue[] = [
        ...gateway.secretFields
          .filter((f) => f.isRequired && !secrets[f.key])
          .map((f) => ({
            field: `secrets.${f.key}`,
            message: `${f.label} is required to enable ${gateway.displayName}.`,
          })),
        ...gateway.publicFields
          .filter((f) => f.isRequired && (publicConfig[f.key] === undefined || publicConfig[f.key] === ''))
          .map((f) => ({
            field: `publicConfig.${f.key}`,
            message: `${f.label} is required to enable ${gateway.displayName}.`,
          })),
      ]
      if (missing.length)
        throw new DomainError('VALIDATION_FAILED', missing[0]!.message, {
          issues: missing,
          field: missing[0]!.field,
        })
    }
    const data = {
      displayName: input.displayName ?? before?.displayName ?? gateway.displayName,
      isEnabled,
      isTestMode: input.isTestMode ?? before?.isTestMode ?? true,
      sortOrder: input.sortOrder ?? before?.sortOrder ?? 0,
      settingsEnc: sealSecrets(gateway.id, secrets),
      publicConfig: publicConfig as Prisma.InputJsonValue,
    }
    await tx.db.gatewayConfig.upsert({
      where: { gateway: gateway.id },
      create: { gateway: gateway.id, ...data },
      update: data,
    })
    await recordAuditEvent(tx, {
      action: 'billing.gateway.update',
      targetType: 'GatewayConfig',
      targetId: gateway.id,
      before: before
        ? {
            displayName: before.displayName,
            isEnabled: before.isEnabled,
            isTestMode: before.isTestMode,
            sortOrder: before.sortOrder,
            publicConfig: before.publicConfig,
          }
        : null,
      after: {
        displayName: data.displayName,
        isEnabled: data.isEnabled,
        isTestMode: data.isTestMode,
        sortOrder: data.sortOrder,
        publicConfig,
        secretsChanged: changedSecrets,
      },
    })
  })
  const views = await listGatewayConfigs(ctx)
  return views.find((v) => v.gateway === gateway.id)!
}
