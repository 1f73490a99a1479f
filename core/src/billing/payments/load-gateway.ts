import type { Db, DbClient } from '@berth/prisma'
import { decryptSecret, encryptSecret, secretBinding } from '../../crypto'
import { isProduction } from '../../platform'
import { DomainError } from '../../shared'
import type { GatewaySettings, PaymentGateway } from '../gateways/payment-gateway'
import { findGateway } from '../gateways/registry'

export interface LoadedGateway {
  gateway: PaymentGateway
  displayName: string
  isEnabled: boolean
  settings: GatewaySettings
}

/** A demo-only gateway (the test gateway) does not exist in production mode. */
export function isGatewayAllowedHere(gateway: PaymentGateway): boolean {
  return !(gateway.isDemoOnly && isProduction())
}

/** A gateway's secret settings, sealed bound to its GatewayConfig row (decision 0026). */
export function readSecrets(gatewayId: string, settingsEnc: string | null): Record<string, string> {
  if (!settingsEnc) return {}
  const parsed = JSON.parse(
    decryptSecret(settingsEnc, secretBinding('GatewayConfig.settingsEnc', gatewayId)),
  ) as unknown
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
}

export function sealSecrets(gatewayId: string, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length
    ? encryptSecret(JSON.stringify(secrets), secretBinding('GatewayConfig.settingsEnc', gatewayId))
    : null
}

/**
 * A gateway adapter with its decrypted settings. Refused (GATEWAY_NOT_AVAILABLE): an unknown id,
 * a demo-only gateway in production, and, when `requireEnabled`, one staff have not enabled.
 */
export async function loadGateway(
  db: Db | DbClient,
  gatewayId: string,
  options: { requireEnabled: boolean },
): Promise<LoadedGateway> {
  const gateway = findGateway(gatewayId)
  if (!gateway)
    throw new DomainError('GATEWAY_NOT_AVAILABLE', 'This payment method does not exist.', {
      field: 'gateway',
    })
  if (!isGatewayAllowedHere(gateway))
    throw new DomainError(
      'GATEWAY_NOT_AVAILABLE',
      `${gateway.displayName} cannot be used in production mode.`,
      { field: 'gateway' },
    )
  const config = await db.gatewayConfig.findUnique({ where: { gateway: gateway.id } })
  if (options.requireEnabled && !config?.isEnabled)
    throw new DomainError(
      'GATEWAY_NOT_AVAILABLE',
      `${config?.displayName ?? gateway.displayName} is not available.`,
      { field: 'gateway' },
    )
  const publicConfig =
    config?.publicConfig && typeof config.publicConfig === 'object' && !Array.isArray(config.publicConfig)
      ? (config.publicConfig as Record<string, unknown>)
      : {}
  return {
    gateway,
    displayName: config?.displayName ?? gateway.displayName,
    isEnabled: config?.isEnabled ?? false,
    settings: {
      isTestMode: config?.isTestMode ?? true,
      secrets: readSecrets(gateway.id, config?.settingsEnc ?? null),
      publicConfig,
    },
  }
}
