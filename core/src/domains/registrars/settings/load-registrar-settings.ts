import type { Db, DbClient } from '@berth/prisma'
import { decryptSecret, encryptSecret, secretBinding } from '../../../crypto'

/** A registrar's secret settings, sealed bound to its RegistrarConfig row (decision 0026). */
export function readRegistrarSecrets(registrar: string, settingsEnc: string | null): Record<string, string> {
  if (!settingsEnc) return {}
  const parsed = JSON.parse(
    decryptSecret(settingsEnc, secretBinding('RegistrarConfig.settingsEnc', registrar)),
  ) as unknown
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
}

export function sealRegistrarSecrets(registrar: string, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length
    ? encryptSecret(JSON.stringify(secrets), secretBinding('RegistrarConfig.settingsEnc', registrar))
    : null
}

export function publicConfigOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/**
 * The settings a registrar adapter gets in `RegistrarRequest.settings`: public settings, secrets
 * decrypted, and `isTestMode`. Callers of callRegistrar pass this; a registrar nobody configured
 * gets `{ isTestMode: true }` (the sandbox and manual registrars need nothing more).
 */
export async function loadRegistrarSettings(
  db: Db | DbClient,
  registrar: string,
): Promise<Record<string, unknown>> {
  const row = await db.registrarConfig.findUnique({ where: { registrar } })
  return {
    ...publicConfigOf(row?.publicConfig),
    ...readRegistrarSecrets(registrar, row?.settingsEnc ?? null),
    isTestMode: row?.isTestMode ?? true,
  }
}
