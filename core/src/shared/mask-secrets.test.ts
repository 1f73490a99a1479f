import { describe, expect, it } from 'vitest'
import { isSecretKey, MASK, maskSecret, maskSecrets } from './mask-secrets'

describe('maskSecrets', () => {
  it('masks secret-looking keys at every depth, in objects and arrays, and leaves everything else alone', () => {
    const value = {
      event: 'service.create',
      idempotencyKey: 'req-1',
      service: { id: 's1', username: 'owner', password: 'p4ss-word', hasPassword: true },
      params: {
        reason: 'Unpaid',
        nested: { deeper: [{ apiKey: 'ak-123', name: 'one' }, { Client_Secret: 'cs-456' }] },
      },
      answer: {
        ok: true,
        data: {
          rootPassword: 'r00t',
          ApiToken: 'tok',
          'private-key': '-----BEGIN',
          key: 'k',
          licenseKey: 'LIC-1',
          count: 3,
        },
      },
      headers: [{ Authorization: 'Bearer abc', Cookie: 'sid=1', 'x-request-id': 'r1' }],
      credentials: { user: 'admin', pass: 'x', list: ['a', 'b'], port: 2087, none: null, blank: '' },
      passwordEnc: 'v1.aaa.bbb.ccc',
      moduleKey: 'ram',
    }
    expect(maskSecrets(value)).toEqual({
      event: 'service.create',
      idempotencyKey: 'req-1',
      service: { id: 's1', username: 'owner', password: MASK, hasPassword: true },
      params: {
        reason: 'Unpaid',
        nested: { deeper: [{ apiKey: MASK, name: 'one' }, { Client_Secret: MASK }] },
      },
      answer: {
        ok: true,
        data: {
          rootPassword: MASK,
          ApiToken: MASK,
          'private-key': MASK,
          key: MASK,
          licenseKey: MASK,
          count: 3,
        },
      },
      headers: [{ Authorization: MASK, Cookie: MASK, 'x-request-id': 'r1' }],
      // A secret key holding an object masks everything inside it.
      credentials: { user: MASK, pass: MASK, list: [MASK, MASK], port: MASK, none: null, blank: '' },
      passwordEnc: MASK,
      moduleKey: 'ram',
    })
    // The input is not changed.
    expect(value.service.password).toBe('p4ss-word')
  })

  it("adds a module's declared secret settings, takes another replacement, and passes scalars through", () => {
    expect(
      maskSecrets(
        { whmHash: 'h', nested: [{ whmHash: 'h2' }], url: 'https://x' },
        { secretKeys: ['WHMHash'] },
      ),
    ).toEqual({ whmHash: MASK, nested: [{ whmHash: MASK }], url: 'https://x' })
    expect(maskSecrets({ token: 't' }, { replacement: '[redacted]' })).toEqual({ token: '[redacted]' })
    expect(maskSecrets(null)).toBeNull()
    expect(maskSecrets('password')).toBe('password')
    expect(maskSecrets([1, 'two'])).toEqual([1, 'two'])
  })

  it('names: the rule and its exceptions', () => {
    for (const name of [
      'password',
      'PASSWD',
      'secret',
      'clientSecret',
      'access_token',
      'refreshToken',
      'key',
      'apiKey',
      'api-key',
      'credentials',
      'Authorization',
      'set-cookie',
      'totpSecretEnc',
      'settingsEnc',
      'pin',
    ]) {
      expect(isSecretKey(name), name).toBe(true)
    }
    for (const name of [
      'idempotencyKey',
      'moduleKey',
      'username',
      'email',
      'url',
      'hostname',
      'status',
      'description',
      'keyword',
      'credit',
    ]) {
      expect(isSecretKey(name), name).toBe(false)
    }
  })

  it('maskSecret shows at most the last four characters', () => {
    expect(maskSecret('sk_live_1234567890abcd')).toBe(`${MASK}abcd`)
    expect(maskSecret('short')).toBe(MASK)
    expect(maskSecret(null)).toBe('')
  })
})
