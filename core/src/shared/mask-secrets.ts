/**
 * One masking rule for everything staff see of secrets: module-call requests and answers, module
 * data, server credentials, module settings, audit before/after, gateway keys.
 *
 * - `maskSecret(value)`: what is shown back of a stored secret itself, never more than its last
 *   four characters (`••••3f2a`), so staff can tell which key is set.
 * - `maskSecrets(value)`: a copy of any JSON-like value with every value under a secret-looking
 *   key replaced by `••••` (booleans and empty values kept), at every depth, in objects and
 *   arrays; a secret key holding an object or array has every value inside masked too. Extra
 *   exact names (a module's declared secret settings) can be added per call.
 */
export const MASK = '••••'

/** Key names (lower case, separators dropped) that are secrets wherever they appear. */
const SECRET_NAME =
  /password|passwd|passphrase|secret|token|credential|authorization|cookie|privatekey|apikey|key$|^pass$|^pwd$|^pin$|^auth$/
/** Berth's own names that match the rule but hold no secret (a module call's idempotency key, a config option's module key). */
const NOT_SECRET = new Set(['idempotencykey', 'modulekey', 'runkey', 'storagekey'])

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Whether a key names a secret: the rule above, or one of `extra` (exact, case-insensitive). */
export function isSecretKey(name: string, extra: readonly string[] = []): boolean {
  const n = normalise(name)
  if (extra.some((e) => normalise(e) === n)) return true
  // `…Enc` columns hold encrypted values (passwordEnc, settingsEnc, payloadEnc): never shown either.
  return !NOT_SECRET.has(n) && (SECRET_NAME.test(n) || /Enc$/.test(name))
}

/** What is shown back of a secret: never more than its last four characters. */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return ''
  return secret.length <= 8 ? MASK : `${MASK}${secret.slice(-4)}`
}

export interface MaskOptions {
  /** more key names to treat as secrets (a module's `secretSettings`) */
  secretKeys?: readonly string[]
  /** what replaces a secret value; `••••` unless said (the audit trail writes `[redacted]`) */
  replacement?: string
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)

/** A copy of `value` with secret-looking keys' values masked at every depth (see the file's comment). */
export function maskSecrets<T>(value: T, options: MaskOptions = {}): T {
  const extra = options.secretKeys ?? []
  const replacement = options.replacement ?? MASK
  const maskAll = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(maskAll)
    if (isPlainObject(v))
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, maskAll(inner)]))
    // Absent, empty and yes/no values say nothing secret (`hasPassword: true`); anything else is masked.
    return v === null || v === undefined || v === '' || typeof v === 'boolean' ? v : replacement
  }
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk)
    if (isPlainObject(v))
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, isSecretKey(k, extra) ? maskAll(inner) : walk(inner)]),
      )
    return v
  }
  return walk(value) as T
}
