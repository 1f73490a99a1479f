import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'

/**
 * AES-256-GCM for secrets kept in the database (gateway keys, server credentials, service
 * passwords, module secrets, TOTP secrets, queued email payloads); decision 0026.
 *
 * Format: `v2:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id is the first 8 hex
 * characters of sha256(key), never the key, so a value says which key sealed it. Every value is
 * bound to its row and field (AEAD associated data, e.g. `GatewayConfig:stripe:settingsEnc`):
 * copied to another row or field it no longer decrypts. Values of the first format
 * (`v1.<iv>.<tag>.<ciphertext>`, no key id, no binding) are still read; `npm run rotate-key`
 * rewrites them.
 *
 * Keys: ENCRYPTION_KEY (32 bytes as 64 hex characters) seals and opens; ENCRYPTION_KEY_PREVIOUS,
 * when set during a key rollover, only opens.
 */

export const ENCRYPTION_KEY_RULE =
  'must be 32 bytes written as 64 hexadecimal characters (openssl rand -hex 32)'
const HEX_KEY = /^[0-9a-fA-F]{64}$/

/** Why a key is refused, or null when it is a valid key. */
export function encryptionKeyProblem(value: string): string | null {
  if (HEX_KEY.test(value)) return null
  // Berth once accepted base64 keys: the same 32 bytes in hex keep every value readable.
  const asBase64 = /^[A-Za-z0-9+/]{43}=?$/.test(value) ? Buffer.from(value, 'base64') : null
  if (asBase64?.length === 32)
    return `${ENCRYPTION_KEY_RULE}; this one looks like base64: write the same key in hex with node -p "Buffer.from('<key>', 'base64').toString('hex')"`
  return ENCRYPTION_KEY_RULE
}

/** The zod rule for an encryption key variable (ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS, NEW_ENCRYPTION_KEY). */
export const encryptionKeySchema = z
  .string({ error: `is required: it ${ENCRYPTION_KEY_RULE}` })
  .superRefine((value, ctx) => {
    const problem = encryptionKeyProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export interface EncryptionKey {
  /** first 8 hex characters of sha256(key): safe to print and store */
  id: string
  bytes: Buffer
}

/** Parses a key given as 64 hex characters; `name` is the variable it came from, for the message. */
export function parseEncryptionKey(value: string, name = 'ENCRYPTION_KEY'): EncryptionKey {
  const problem = encryptionKeyProblem(value)
  if (problem) throw new EncryptionError(`${name} ${problem}`)
  const bytes = Buffer.from(value, 'hex')
  return { id: encryptionKeyId(bytes), bytes }
}

export function encryptionKeyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8)
}

/** A missing or unreadable key, or a value that cannot be opened: never shown to clients. */
export class EncryptionError extends Error {
  override name = 'EncryptionError'
}

const parsed = new Map<string, EncryptionKey>()
function keyFromEnv(name: 'ENCRYPTION_KEY' | 'ENCRYPTION_KEY_PREVIOUS'): EncryptionKey | null {
  const value = process.env[name]
  if (!value) return null
  let key = parsed.get(value)
  if (!key) {
    key = parseEncryptionKey(value, name)
    parsed.set(value, key)
  }
  return key
}

/** The key that seals: ENCRYPTION_KEY. */
export function currentEncryptionKey(): EncryptionKey {
  const key = keyFromEnv('ENCRYPTION_KEY')
  if (!key) throw new EncryptionError('ENCRYPTION_KEY is not set')
  return key
}

/** The keys that open: ENCRYPTION_KEY, then ENCRYPTION_KEY_PREVIOUS when set. */
export function encryptionKeyRing(): EncryptionKey[] {
  const previous = keyFromEnv('ENCRYPTION_KEY_PREVIOUS')
  return previous ? [currentEncryptionKey(), previous] : [currentEncryptionKey()]
}

/**
 * Every column that holds a sealed value, by the name used in its binding. `jsonKey`: the sealed
 * value sits under that key of a JSON column. The rotation walks this list; keep it complete.
 */
export const ENCRYPTED_FIELDS = {
  'GatewayConfig.settingsEnc': {
    table: 'GatewayConfig',
    idColumn: 'gateway',
    idType: 'text',
    column: 'settingsEnc',
  },
  'Server.credentialsEnc': { table: 'Server', idColumn: 'id', idType: 'uuid', column: 'credentialsEnc' },
  'Service.passwordEnc': { table: 'Service', idColumn: 'id', idType: 'uuid', column: 'passwordEnc' },
  'Product.moduleSettings.secretsEnc': {
    table: 'Product',
    idColumn: 'id',
    idType: 'uuid',
    column: 'moduleSettings',
    jsonKey: 'secretsEnc',
  },
  'User.totpSecretEnc': { table: 'User', idColumn: 'id', idType: 'uuid', column: 'totpSecretEnc' },
  'Staff.totpSecretEnc': { table: 'Staff', idColumn: 'id', idType: 'uuid', column: 'totpSecretEnc' },
  'Domain.eppCodeEnc': { table: 'Domain', idColumn: 'id', idType: 'uuid', column: 'eppCodeEnc' },
  // a transfer's EPP code while it waits in a cart (moved to Domain.eppCodeEnc at checkout)
  'CartItem.options.eppCodeEnc': {
    table: 'CartItem',
    idColumn: 'id',
    idType: 'uuid',
    column: 'options',
    jsonKey: 'eppCodeEnc',
  },
  'RegistrarConfig.settingsEnc': {
    table: 'RegistrarConfig',
    idColumn: 'registrar',
    idType: 'text',
    column: 'settingsEnc',
  },
  'EmailLog.payloadEnc': { table: 'EmailLog', idColumn: 'id', idType: 'uuid', column: 'payloadEnc' },
} as const satisfies Record<string, EncryptedColumn>

export interface EncryptedColumn {
  table: string
  idColumn: string
  idType: 'uuid' | 'text'
  column: string
  jsonKey?: string
}

export type EncryptedField = keyof typeof ENCRYPTED_FIELDS

declare const bindingBrand: unique symbol
/** What a sealed value is bound to: `<Model>:<row id>:<field>`. Made only by `secretBinding`. */
export type SecretBinding = string & { readonly [bindingBrand]: true }

export function secretBinding(field: EncryptedField, rowId: string): SecretBinding {
  if (!rowId) throw new EncryptionError(`a secret for ${field} needs its row id`)
  const [model, ...path] = field.split('.')
  return `${model}:${rowId}:${path.join('.')}` as SecretBinding
}

const TAG_BYTES = 16

/** Seals `plaintext` under ENCRYPTION_KEY (or `options.key`), bound to its row and field. */
export function encryptSecret(
  plaintext: string,
  boundTo: SecretBinding,
  options: { key?: EncryptionKey } = {},
): string {
  const key = options.key ?? currentEncryptionKey()
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(boundTo, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    'v2',
    key.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join(':')
}

export interface SealedInfo {
  version: 'v1' | 'v2'
  /** null for v1 values, which do not say */
  keyId: string | null
}

/** The format and key id of a sealed value, without opening it. */
export function sealedInfo(sealed: string): SealedInfo {
  if (sealed.startsWith('v2:')) return { version: 'v2', keyId: sealed.split(':')[1] ?? null }
  if (sealed.startsWith('v1.')) return { version: 'v1', keyId: null }
  throw new EncryptionError('not a Berth encrypted value')
}

function open(key: EncryptionKey, iv: string, tag: string, body: string, aad: string | null): string {
  const tagBytes = Buffer.from(tag, 'base64url')
  if (tagBytes.length !== TAG_BYTES) throw new EncryptionError('not a Berth encrypted value')
  const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  })
  if (aad !== null) decipher.setAAD(Buffer.from(aad, 'utf8'))
  decipher.setAuthTag(tagBytes)
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/**
 * Opens a sealed value of the row and field it was bound to, with ENCRYPTION_KEY or
 * ENCRYPTION_KEY_PREVIOUS (or `options.keys`). Throws EncryptionError, never returns garbage: for
 * a value sealed under another key (naming both key ids), and for one altered or moved from
 * another row or field.
 */
export function decryptSecret(
  sealed: string,
  boundTo: SecretBinding,
  options: { keys?: readonly EncryptionKey[] } = {},
): string {
  const keys = options.keys ?? encryptionKeyRing()
  const { version, keyId } = sealedInfo(sealed)
  if (version === 'v1') return openLegacy(sealed, boundTo, keys)
  const [, , iv, tag, body, extra] = sealed.split(':')
  if (!keyId || !iv || !tag || body === undefined || extra !== undefined)
    throw new EncryptionError('not a Berth encrypted value')
  const key = keys.find((k) => k.id === keyId)
  if (!key) {
    throw new EncryptionError(
      `Cannot decrypt ${boundTo}: it was encrypted with key ${keyId}, and the configured key${keys.length > 1 ? 's are' : ' is'} ${keys.map((k) => k.id).join(' and ')} ` +
        '(set ENCRYPTION_KEY to the key it was encrypted with, or ENCRYPTION_KEY_PREVIOUS during a rollover)',
    )
  }
  try {
    return open(key, iv, tag, body, boundTo)
  } catch (error) {
    if (error instanceof EncryptionError) throw error
    throw new EncryptionError(
      `Cannot decrypt ${boundTo} with key ${keyId}: the value was altered or belongs to another record or field`,
    )
  }
}

/** v1 values carry no key id and no binding: the first configured key that authenticates them opens them. */
function openLegacy(sealed: string, boundTo: SecretBinding, keys: readonly EncryptionKey[]): string {
  const [, iv, tag, body, extra] = sealed.split('.')
  if (!iv || !tag || body === undefined || extra !== undefined)
    throw new EncryptionError('not a Berth encrypted value')
  for (const key of keys) {
    try {
      return open(key, iv, tag, body, null)
    } catch (error) {
      if (error instanceof EncryptionError) throw error
    }
  }
  throw new EncryptionError(
    `Cannot decrypt ${boundTo}: a value of the first format (no key id) that key ${keys.map((k) => k.id).join(' or ')} does not open`,
  )
}
