import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateToken, hashToken, safeEqual } from './tokens'

describe('tokens', () => {
  it('generates URL-safe random tokens of 256 bits by default', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => generateToken()))
    expect(tokens.size).toBe(50)
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(generateToken(), 'base64url')).toHaveLength(32)
    expect(Buffer.from(generateToken(16), 'base64url')).toHaveLength(16)
  })

  it('hashes a token to the hex sha256 of its UTF-8 bytes', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const t = generateToken()
    expect(hashToken(t)).toBe(createHash('sha256').update(t).digest('hex'))
    expect(hashToken(t)).not.toBe(hashToken(`${t}x`))
  })

  it('compares strings without short-circuiting on length mismatch errors', () => {
    expect(safeEqual('same-value', 'same-value')).toBe(true)
    expect(safeEqual('same-value', 'same-valuf')).toBe(false)
    expect(safeEqual('short', 'longer value')).toBe(false)
    expect(safeEqual('', '')).toBe(true)
  })
})
