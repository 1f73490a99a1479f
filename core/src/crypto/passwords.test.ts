import { describe, expect, it } from 'vitest'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords'

describe('passwords', () => {
  it('hashes with argon2id and the OWASP baseline parameters, salted', async () => {
    const a = await hashPassword('correct horse battery staple')
    const b = await hashPassword('correct horse battery staple')
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
  })

  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false)
    expect(await verifyPassword(hash, '')).toBe(false)
  })

  it('answers false, not an exception, for a hash that is not argon2', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
    expect(await verifyPassword('', 'anything')).toBe(false)
  })

  it('the dummy check used for unknown accounts is always false', async () => {
    expect(await verifyAgainstDummy('berth-timing-equaliser')).toBe(false)
    expect(await verifyAgainstDummy('anything')).toBe(false)
  })
})
