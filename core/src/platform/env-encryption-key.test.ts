import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env'

const valid = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/berth',
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('hex'),
}
const RULE = 'must be 32 bytes written as 64 hexadecimal characters (openssl rand -hex 32)'

function envError(source: NodeJS.ProcessEnv): string {
  try {
    parseEnv(source)
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError)
    return (error as Error).message
  }
  throw new Error('parseEnv accepted the environment')
}

describe('ENCRYPTION_KEY at start-up', () => {
  it('accepts 64 hex characters, and ENCRYPTION_KEY_PREVIOUS only in the same form', () => {
    expect(parseEnv(valid).ENCRYPTION_KEY).toBe(valid.ENCRYPTION_KEY)
    expect(parseEnv({ ...valid, ENCRYPTION_KEY: valid.ENCRYPTION_KEY.toUpperCase() }).ENCRYPTION_KEY).toBe(
      valid.ENCRYPTION_KEY.toUpperCase(),
    )
    const previous = randomBytes(32).toString('hex')
    expect(parseEnv({ ...valid, ENCRYPTION_KEY_PREVIOUS: previous }).ENCRYPTION_KEY_PREVIOUS).toBe(previous)
    expect(parseEnv({ ...valid, ENCRYPTION_KEY_PREVIOUS: '' }).ENCRYPTION_KEY_PREVIOUS).toBeUndefined()
    expect(envError({ ...valid, ENCRYPTION_KEY_PREVIOUS: 'abc' })).toContain(
      `ENCRYPTION_KEY_PREVIOUS: ${RULE}`,
    )
  })

  it('stops on a short, long, non-hex, base64 or missing key, naming ENCRYPTION_KEY', () => {
    for (const bad of [
      randomBytes(16).toString('hex'),
      randomBytes(33).toString('hex'),
      'z'.repeat(64),
      'correct horse battery staple',
      '',
    ]) {
      expect(envError({ ...valid, ENCRYPTION_KEY: bad })).toBe(
        `Invalid environment:\n  ENCRYPTION_KEY: ${RULE}`,
      )
    }
    const base64 = randomBytes(32).toString('base64')
    const message = envError({ ...valid, ENCRYPTION_KEY: base64 })
    expect(message).toContain(`ENCRYPTION_KEY: ${RULE}; this one looks like base64`)
    expect(message).not.toContain(base64)
    const { ENCRYPTION_KEY: _omitted, ...missing } = valid
    expect(envError(missing)).toBe(`Invalid environment:\n  ENCRYPTION_KEY: is required: it ${RULE}`)
  })
})

describe('PORTAL_URL and ADMIN_URL', () => {
  it('follow the ports when unset, and win when set', () => {
    expect(parseEnv(valid)).toMatchObject({
      PORTAL_URL: 'http://localhost:3000',
      ADMIN_URL: 'http://localhost:3001/admin',
    })
    expect(parseEnv({ ...valid, PORTAL_PORT: '3300', ADMIN_PORT: '3301' })).toMatchObject({
      PORTAL_URL: 'http://localhost:3300',
      ADMIN_URL: 'http://localhost:3301/admin',
    })
    expect(parseEnv({ ...valid, PORTAL_PORT: '3300', PORTAL_URL: 'https://my.example.com' }).PORTAL_URL).toBe(
      'https://my.example.com',
    )
  })
})
