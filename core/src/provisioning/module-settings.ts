import { decryptSecret, encryptSecret, secretBinding } from '../crypto'
import { maskSecret, maskSecrets, DomainError, type FieldIssue } from '../shared'
import { getProvisioningModule } from './registry'

/**
 * A product's module settings as stored in Product.moduleSettings: the plain settings, plus the
 * module's secret settings encrypted together under `secretsEnc` (AES-256-GCM), bound to the
 * product's row (decision 0026). Secrets are never shown back in full and never written to the
 * audit trail.
 */
const SECRETS_KEY = 'secretsEnc'

type Stored = Record<string, unknown>

function splitStored(stored: unknown, productId: string): { plain: Stored; secrets: Record<string, string> } {
  const obj = stored && typeof stored === 'object' && !Array.isArray(stored) ? { ...(stored as Stored) } : {}
  const sealed = obj[SECRETS_KEY]
  delete obj[SECRETS_KEY]
  const secrets =
    typeof sealed === 'string' && sealed
      ? (JSON.parse(
          decryptSecret(sealed, secretBinding('Product.moduleSettings.secretsEnc', productId)),
        ) as Record<string, string>)
      : {}
  return { plain: obj, secrets }
}

/**
 * Validates settings with the module's own schema and seals its secrets. On an update, a secret
 * left out or blank keeps the stored one (forms never receive secrets, so they send them back empty).
 */
export function prepareModuleSettings(
  moduleName: string,
  raw: unknown,
  existing: unknown,
  productId: string,
): Stored {
  const module = getProvisioningModule(moduleName)
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Stored) } : {}
  const previous =
    existing === undefined
      ? { plain: {}, secrets: {} as Record<string, string> }
      : splitStored(existing, productId)
  for (const key of module.secretSettings) {
    if (input[key] === undefined || input[key] === '' || input[key] === null) {
      if (previous.secrets[key] !== undefined) input[key] = previous.secrets[key]
      else delete input[key]
    }
  }
  for (const [k, v] of Object.entries(input)) if (v === '' || v === null) delete input[k]
  const parsed = module.settingsSchema.safeParse(input)
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({
      field: `moduleSettings.${i.path.map(String).join('.')}`,
      message: i.message,
    }))
    throw new DomainError('VALIDATION_FAILED', issues[0]?.message ?? 'Invalid module settings', {
      issues,
      field: issues[0]?.field ?? 'moduleSettings',
    })
  }
  const plain: Stored = {}
  const secrets: Record<string, string> = {}
  for (const [k, v] of Object.entries(parsed.data)) {
    if (v === undefined) continue
    if (module.secretSettings.includes(k)) secrets[k] = String(v)
    else plain[k] = v
  }
  return Object.keys(secrets).length
    ? {
        ...plain,
        [SECRETS_KEY]: encryptSecret(
          JSON.stringify(secrets),
          secretBinding('Product.moduleSettings.secretsEnc', productId),
        ),
      }
    : plain
}

/** The settings a module call gets: secrets decrypted, defaults applied. */
export function readModuleSettings(
  moduleName: string,
  stored: unknown,
  productId: string,
): Record<string, unknown> {
  const module = getProvisioningModule(moduleName)
  const { plain, secrets } = splitStored(stored, productId)
  return module.settingsSchema.parse({ ...plain, ...secrets })
}

/** What staff see: plain settings (secret-looking keys masked at any depth), the module's secrets as their last four characters. */
export function maskModuleSettings(
  moduleName: string | null,
  stored: unknown,
  productId: string,
): Record<string, unknown> {
  if (!moduleName) return {}
  const { plain, secrets } = splitStored(stored, productId)
  const out: Record<string, unknown> = maskSecrets(plain, { secretKeys: moduleSecretSettings(moduleName) })
  for (const [k, v] of Object.entries(secrets)) out[k] = maskSecret(v)
  return out
}

/** A module's declared secret settings; none for a module this copy of Berth does not know. */
export function moduleSecretSettings(moduleName: string | null | undefined): readonly string[] {
  try {
    return moduleName ? getProvisioningModule(moduleName).secretSettings : []
  } catch {
    return []
  }
}
