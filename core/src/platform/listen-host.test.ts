import { describe, expect, it } from 'vitest'
import { parseEnv } from './env'
import { listenHost } from './listen-host'

const base = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/berth',
  ENCRYPTION_KEY: 'ab'.repeat(32),
  SESSION_SECRET: 's'.repeat(40),
}
const hostFor = (extra: Record<string, string>) => listenHost(parseEnv({ ...base, ...extra }))

describe('listenHost', () => {
  it('keeps demo mode on loopback unless HOST says otherwise', () => {
    expect(hostFor({ BERTH_DEMO: '1' })).toBe('127.0.0.1')
    expect(hostFor({ BERTH_DEMO: 'true', HOST: '' })).toBe('127.0.0.1')
    expect(hostFor({ BERTH_DEMO: '1', HOST: '0.0.0.0' })).toBe('0.0.0.0')
    expect(hostFor({ BERTH_DEMO: '1', HOST: ' 192.168.1.20 ' })).toBe('192.168.1.20')
  })

  it('leaves a non-demo start on every interface, as before, unless HOST is set', () => {
    expect(hostFor({})).toBeUndefined()
    expect(hostFor({ NODE_ENV: 'production' })).toBeUndefined()
    expect(hostFor({ NODE_ENV: 'production', HOST: '::' })).toBe('::')
    expect(hostFor({ BERTH_DEMO: '0', HOST: '10.0.0.5' })).toBe('10.0.0.5')
  })

  it('refuses a HOST that is no address, naming it', () => {
    expect(() => parseEnv({ ...base, HOST: 'http://0.0.0.0' })).toThrow(
      /HOST: must be an address to listen on/,
    )
    expect(() => parseEnv({ ...base, DEMO_PROVISIONING_PORT: '70000' })).toThrow(/DEMO_PROVISIONING_PORT/)
    expect(parseEnv({ ...base }).DEMO_PROVISIONING_PORT).toBe(3009)
  })
})
