import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES, DomainError, httpStatusFor, isDomainError } from './domain-error'

describe('DomainError', () => {
  it('carries a code, a user-safe message, an optional field and the retry delay', () => {
    const e = new DomainError('RATE_LIMITED', 'Too many attempts.', { retryAfterSeconds: 900 })
    expect(e).toBeInstanceOf(Error)
    expect(isDomainError(e)).toBe(true)
    expect(isDomainError(new Error('x'))).toBe(false)
    expect(e).toMatchObject({
      name: 'DomainError',
      code: 'RATE_LIMITED',
      message: 'Too many attempts.',
      field: undefined,
      retryAfterSeconds: 900,
      issues: [],
    })
    const cause = new Error('db down')
    expect(new DomainError('NOT_FOUND', 'Gone.', { cause }).cause).toBe(cause)
  })

  it('fieldErrors maps each field to its first message; a single field becomes one issue', () => {
    const single = new DomainError('EMAIL_TAKEN', 'Already registered.', { field: 'email' })
    expect(single.issues).toEqual([{ field: 'email', message: 'Already registered.' }])
    expect(single.fieldErrors()).toEqual({ email: 'Already registered.' })
    const many = new DomainError('VALIDATION_FAILED', 'Name is required', {
      field: 'name',
      issues: [
        { field: 'name', message: 'Name is required' },
        { field: 'age', message: 'Whole years' },
        { field: 'age', message: 'Adults only' },
      ],
    })
    expect(many.fieldErrors()).toEqual({ name: 'Name is required', age: 'Whole years' })
    expect(new DomainError('FORBIDDEN', 'No.').fieldErrors()).toEqual({})
  })

  it('maps every code to an HTTP status through the one table', () => {
    expect(httpStatusFor(new DomainError('VALIDATION_FAILED', 'x'))).toBe(422)
    expect(httpStatusFor(new DomainError('FORBIDDEN', 'x'))).toBe(403)
    expect(httpStatusFor(new DomainError('INVALID_CREDENTIALS', 'x'))).toBe(401)
    expect(httpStatusFor(new DomainError('RATE_LIMITED', 'x'))).toBe(429)
    for (const [code, status] of Object.entries(DOMAIN_ERROR_CODES)) {
      expect(httpStatusFor(new DomainError(code as keyof typeof DOMAIN_ERROR_CODES, 'x'))).toBe(status)
      expect(status >= 400 && status < 600).toBe(true)
    }
  })
})
