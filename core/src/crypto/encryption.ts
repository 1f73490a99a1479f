import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for secrets kept in the database (gateway keys, server credentials, TOTP secrets,
 * queued email payloads). Format: v1.<iv>.<tag>.<ciphertext>, each base64url.
 * The key is ENCRYPTION_KEY: 32 bytes as 64 hex characters or base64.
 */
export function parseEncryptionKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)')
  return key
}

function currentKey(): Buffer {
  const value = process.env.ENCRYPTION_KEY
  if (!value) throw new Error('ENCRYPTION_KEY is not set')
  return parseEncryptionKey(value)
}

export function encryptSecret(plaintext: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return ['v1', iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.')
}

export function decryptSecret(sealed: string, key: Buffer = currentKey()): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a Berth encrypted value')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
