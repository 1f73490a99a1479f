import { requirePermission } from '../../access'
import { portalLink } from '../../accounts'
import { maskSecret, type Ctx } from '../../shared'
import { GATEWAYS } from '../gateways/registry'
import { isGatewayAllowedHere, readSecrets } from './load-gateway'

export interface GatewayFieldView {
  key: string
  label: string
  help: string | null
  isRequired: boolean
}

export interface GatewayConfigView {
  gateway: string
  /** the adapter's own name, e.g. "Stripe" */
  adapterName: string
  displayName: string
  isEnabled: boolean
  isTestMode: boolean
  isDemoOnly: boolean
  sortOrder: number
  /** non-secret settings as stored */
  publicConfig: Record<string, unknown>
  publicFields: GatewayFieldView[]
  /** secret settings: never the value, only whether it is set and its last four characters */
  secretFields: (GatewayFieldView & { isSet: boolean; masked: string })[]
  /** where the gateway must send its webhooks (the portal's /webhooks/<gateway>), null when it has none */
  webhookUrl: string | null
  /** the event types to subscribe that webhook to */
  webhookEvents: string[]
  updatedAt: Date | null
}

const field = (f: { key: string; label: string; help?: string; isRequired: boolean }): GatewayFieldView => ({
  key: f.key,
  label: f.label,
  help: f.help ?? null,
  isRequired: f.isRequired,
})

/** Staff (`billing.gateways`) see every gateway adapter and its configuration, secrets masked. Demo-only gateways are absent in production. */
export async function listGatewayConfigs(ctx: Ctx): Promise<GatewayConfigView[]> {
  requirePermission(ctx.actor, 'billing.gateways')
  const rows = new Map((await ctx.db.gatewayConfig.findMany()).map((r) => [r.gateway, r]))
  return Object.values(GATEWAYS)
    .filter(isGatewayAllowedHere)
    .map((g) => {
      const row = rows.get(g.id)
      const secrets = readSecrets(g.id, row?.settingsEnc ?? null)
      return {
        gateway: g.id,
        adapterName: g.displayName,
        displayName: row?.displayName ?? g.displayName,
        isEnabled: row?.isEnabled ?? false,
        isTestMode: row?.isTestMode ?? true,
        isDemoOnly: g.isDemoOnly ?? false,
        sortOrder: row?.sortOrder ?? 0,
        publicConfig: (row?.publicConfig as Record<string, unknown> | undefined) ?? {},
        publicFields: g.publicFields.map(field),
        secretFields: g.secretFields.map((f) => ({
          ...field(f),
          isSet: !!secrets[f.key],
          masked: maskSecret(secrets[f.key]),
        })),
        webhookUrl: g.webhookEvents.length ? portalLink(`webhooks/${g.id}`) : null,
        webhookEvents: [...g.webhookEvents],
        updatedAt: row?.updatedAt ?? null,
      }
    })
    .sort((a, b) => a.sortOrder - b.sortOrder || a.gateway.localeCompare(b.gateway))
}
