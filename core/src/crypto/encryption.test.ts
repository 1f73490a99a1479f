import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { maskSecret } from '../shared'
import {
  decryptSecret,
  encryptSecret,
  EncryptionError,
  parseEncryptionKey,
  secretBinding,
  sealedInfo,
  type EncryptionKey,
} from './encryption'

const newKey = (): EncryptionKey => parseEncryptionKey(randomBytes(32).toString('hex'))
const stripe = secretBinding('GatewayConfig.settingsEnc', 'stripe')

/** A value in the first format (v1: no key id, no binding), sealed the way Berth used to. */
function sealV1(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.')
}

const flip = (s: string) => {
  const bytes = Buffer.from(s, 'base64url')
  bytes[0] = bytes[0]! ^ 1
  return bytes.toString('base64url')
}

const previousEnv = process.env.ENCRYPTION_KEY_PREVIOUS
afterEach(() => {
  if (previousEnv === undefined) delete process.env.ENCRYPTION_KEY_PREVIOUS
  else process.env.ENCRYPTION_KEY_PREVIOUS = previousEnv
})

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text bound to its row and field, with the key id and a fresh IV each time', () => {
    const secret = 'sk_live_51Hx… ünïcödé ✓'
    const a = encryptSecret(secret, stripe)
    const b = encryptSecret(secret, stripe)
    const keyId = createHash('sha256')
      .update(Buffer.from(process.env.ENCRYPTION_KEY!, 'hex'))
      .digest('hex')
      .slice(0, 8)
    expect(a).toMatch(new RegExp(`^v2:${keyId}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$`))
    expect(a).not.toContain(process.env.ENCRYPTION_KEY!.slice(0, 8))
    expect(sealedInfo(a)).toEqual({ version: 'v2', keyId })
    expect(a).not.toBe(b)
    expect(a).not.toContain('sk_live')
    expect(decryptSecret(a, stripe)).toBe(secret)
    expect(decryptSecret(b, stripe)).toBe(secret)
    expect(decryptSecret(encryptSecret('', stripe), stripe)).toBe('')
  })

  it('refuses a value moved to another row or another field, with an EncryptionError naming where it was read', () => {
    const sealed = encryptSecret('{"secretKey":"sk_live_1"}', stripe)
    for (const elsewhere of [
      secretBinding('GatewayConfig.settingsEnc', 'paypal'),
      secretBinding('Server.credentialsEnc', 'stripe'),
      secretBinding('Service.passwordEnc', '0195b1b6-0000-7000-8000-000000000001'),
    ]) {
      const error = (() => {
        try {
          decryptSecret(sealed, elsewhere)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(EncryptionError)
      expect((error as Error).message).toBe(
        `Cannot decrypt ${elsewhere} with key ${sealedInfo(sealed).keyId}: the value was altered or belongs to another record or field`,
      )
    }
  })

  it('detects tampering with the ciphertext, the tag, the IV or the key id', () => {
    const sealed = encryptSecret('the gateway key', stripe)
    const [v, keyId, iv, tag, body] = sealed.split(':') as [string, string, string, string, string]
    for (const forged of [
      [v, keyId, iv, tag, flip(body)],
      [v, keyId, iv, flip(tag), body],
      [v, keyId, flip(iv), tag, body],
    ]) {
      expect(() => decryptSecret(forged.join(':'), stripe)).toThrow(
        /the value was altered or belongs to another record or field/,
      )
    }
    // Another key id: not one of the configured keys, so refused before any decryption.
    expect(() => decryptSecret([v, '00000000', iv, tag, body].join(':'), stripe)).toThrow(
      `it was encrypted with key 00000000, and the configured key is ${keyId}`,
    )
    // A truncated tag is refused (GCM would otherwise accept short tags).
    expect(() =>
      decryptSecret(
        [v, keyId, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), body].join(':'),
        stripe,
      ),
    ).toThrow('not a Berth encrypted value')
    expect(() => decryptSecret([v, keyId, iv, tag].join(':'), stripe)).toThrow('not a Berth encrypted value')
    expect(() => decryptSecret(`${sealed}:extra`, stripe)).toThrow('not a Berth encrypted value')
    expect(() => decryptSecret(['v3', keyId, iv, tag, body].join(':'), stripe)).toThrow(
      'not a Berth encrypted value',
    )
    expect(() => decryptSecret('plain text', stripe)).toThrow('not a Berth encrypted value')
  })

  it('refuses to decrypt with another key, naming both key ids', () => {
    const keyA = newKey()
    const keyB = newKey()
    const sealed = encryptSecret('totp seed', stripe, { key: keyA })
    expect(decryptSecret(sealed, stripe, { keys: [keyA] })).toBe('totp seed')
    expect(() => decryptSecret(sealed, stripe, { keys: [keyB] })).toThrow(
      `Cannot decrypt GatewayConfig:stripe:settingsEnc: it was encrypted with key ${keyA.id}, and the configured key is ${keyB.id}`,
    )
    expect(() => decryptSecret(sealed, stripe)).toThrow(EncryptionError)
    // A key with the right id but other bytes (a forged key id) still fails authentication.
    expect(() => decryptSecret(sealed, stripe, { keys: [{ id: keyA.id, bytes: keyB.bytes }] })).toThrow(
      /altered or belongs to another record/,
    )
  })

  it('opens with ENCRYPTION_KEY_PREVIOUS during a rollover, and still seals with ENCRYPTION_KEY', () => {
    const old = newKey()
    const sealed = encryptSecret('old secret', stripe, { key: old })
    expect(() => decryptSecret(sealed, stripe)).toThrow(`it was encrypted with key ${old.id}`)
    process.env.ENCRYPTION_KEY_PREVIOUS = old.bytes.toString('hex')
    expect(decryptSecret(sealed, stripe)).toBe('old secret')
    expect(sealedInfo(encryptSecret('new secret', stripe)).keyId).toBe(
      parseEncryptionKey(process.env.ENCRYPTION_KEY!).id,
    )
    process.env.ENCRYPTION_KEY_PREVIOUS = 'not a key'
    expect(() => decryptSecret(sealed, stripe)).toThrow(
      `ENCRYPTION_KEY_PREVIOUS must be 32 bytes written as 64 hexadecimal characters`,
    )
  })

  it('still reads values of the first format (v1: no key id, no binding) under the current or previous key', () => {
    const current = Buffer.from(process.env.ENCRYPTION_KEY!, 'hex')
    const legacy = sealV1('an old gateway key', current)
    expect(sealedInfo(legacy)).toEqual({ version: 'v1', keyId: null })
    expect(decryptSecret(legacy, stripe)).toBe('an old gateway key')
    const old = newKey()
    const underOld = sealV1('older still', old.bytes)
    expect(() => decryptSecret(underOld, stripe)).toThrow(
      `Cannot decrypt GatewayConfig:stripe:settingsEnc: a value of the first format (no key id) that key ${parseEncryptionKey(process.env.ENCRYPTION_KEY!).id} does not open`,
    )
    expect(decryptSecret(underOld, stripe, { keys: [newKey(), old] })).toBe('older still')
    const [v, iv, tag, body] = legacy.split('.') as [string, string, string, string]
    expect(() => decryptSecret([v, iv, tag, flip(body)].join('.'), stripe)).toThrow(EncryptionError)
  })
})

describe('parseEncryptionKey', () => {
  it('reads the key as 64 hex characters and refuses anything else, naming the variable', () => {
    const bytes = randomBytes(32)
    const key = parseEncryptionKey(bytes.toString('hex'))
    expect(key.bytes).toEqual(bytes)
    expect(key.id).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 8))
    expect(parseEncryptionKey(bytes.toString('hex').toUpperCase()).id).toBe(key.id)
    const rule = 'must be 32 bytes written as 64 hexadecimal characters (openssl rand -hex 32)'
    expect(() => parseEncryptionKey(randomBytes(16).toString('hex'))).toThrow(`ENCRYPTION_KEY ${rule}`)
    expect(() => parseEncryptionKey('short')).toThrow(`ENCRYPTION_KEY ${rule}`)
    expect(() => parseEncryptionKey(`${bytes.toString('hex').slice(0, 63)}g`)).toThrow(
      `ENCRYPTION_KEY ${rule}`,
    )
    expect(() => parseEncryptionKey(`${bytes.toString('hex')}00`, 'NEW_ENCRYPTION_KEY')).toThrow(
      `NEW_ENCRYPTION_KEY ${rule}`,
    )
    // Base64 was accepted once: refused now, with how to write the same key in hex (never the key itself).
    const b64 = bytes.toString('base64')
    const message = (() => {
      try {
        parseEncryptionKey(b64)
      } catch (e) {
        return (e as Error).message
      }
    })()
    expect(message).toContain(`ENCRYPTION_KEY ${rule}; this one looks like base64`)
    expect(message).not.toContain(b64)
    expect(message).not.toContain(bytes.toString('hex'))
  })
})

describe('maskSecret', () => {
  it('shows at most the last four characters', () => {
    expect(maskSecret('sk_live_1234567890abcd')).toBe('••••abcd')
    expect(maskSecret('12345678')).toBe('••••')
    expect(maskSecret('abc')).toBe('••••')
    expect(maskSecret('')).toBe('')
    expect(maskSecret(null)).toBe('')
    expect(maskSecret(undefined)).toBe('')
  })
})
