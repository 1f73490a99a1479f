import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { maskSecret } from '../shared/mask-secrets'
import { decryptSecret, encryptSecret, parseEncryptionKey } from './encryption'

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text with the ENCRYPTION_KEY, with a fresh IV each time', () => {
    const secret = 'sk_live_51Hx… ünïcödé ✓'
    const a = encryptSecret(secret)
    const b = encryptSecret(secret)
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('sk_live')
    expect(decryptSecret(a)).toBe(secret)
    expect(decryptSecret(b)).toBe(secret)
    expect(decryptSecret(encryptSecret(''))).toBe('')
  })

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const sealed = encryptSecret('the gateway key')
    const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string]
    const flip = (s: string) => {
      const bytes = Buffer.from(s, 'base64url')
      bytes[0] = bytes[0]! ^ 1
      return bytes.toString('base64url')
    }
    for (const forged of [[v, iv, tag, flip(body)], [v, iv, flip(tag), body], [v, flip(iv), tag, body]]) {
      expect(() => decryptSecret(forged.join('.'))).toThrow(/unable to authenticate|Unsupported state/)
    }
    expect(() => decryptSecret(['v2', iv, tag, body].join('.'))).toThrow('not a Berth encrypted value')
    expect(() => decryptSecret('plain text')).toThrow('not a Berth encrypted value')
  })

  it('refuses to decrypt with another key', () => {
    const keyA = randomBytes(32)
    const keyB = randomBytes(32)
    const sealed = encryptSecret('totp seed', keyA)
    expect(decryptSecret(sealed, keyA)).toBe('totp seed')
    expect(() => decryptSecret(sealed, keyB)).toThrow(/unable to authenticate|Unsupported state/)
    expect(() => decryptSecret(sealed)).toThrow()
  })

  it('reads the key as 64 hex characters or base64 of 32 bytes, and refuses anything else', () => {
    const key = randomBytes(32)
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key)
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key)
    expect(() => parseEncryptionKey(randomBytes(16).toString('hex'))).toThrow('ENCRYPTION_KEY must be 32 bytes')
    expect(() => parseEncryptionKey('short')).toThrow('ENCRYPTION_KEY must be 32 bytes')
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
