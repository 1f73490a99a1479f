import { expect } from 'vitest'

/**
 * How tests say "core refused this": `await expect(promise).toBeRefusedWith('FORBIDDEN')`, or with
 * the field at fault, `toBeRefusedWith('VALIDATION_FAILED', 'years')` (the error's field or any of
 * its issues' fields). A resolved promise, an error that is not a DomainError, another code or
 * another field fail the test with what actually happened. `refusal(promise)` hands the error back
 * for tests that go on to read its message or issues. Registered for every test file by
 * setup-file.ts.
 */
export interface RefusalLike {
  name: string
  message: string
  code: string
  field?: string
  issues: { field: string; message: string }[]
  fieldErrors(): Record<string, string>
}

function isRefusal(error: unknown): error is RefusalLike {
  // By shape, not instanceof: this file must not load core (setup runs before every test file).
  return (
    error instanceof Error && error.name === 'DomainError' && typeof (error as RefusalLike).code === 'string'
  )
}

/** The DomainError a refused promise rejected with; fails when it resolved or threw something else. */
export async function refusal(promise: Promise<unknown>): Promise<RefusalLike> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  if (outcome.ok) throw new Error('expected a refusal, but it succeeded')
  if (!isRefusal(outcome.error)) throw outcome.error
  return outcome.error
}

expect.extend({
  async toBeRefusedWith(received: unknown, code: string, field?: string) {
    const outcome = await Promise.resolve(received).then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    const wanted = field ? `${code} on "${field}"` : code
    if (outcome.ok)
      return { pass: false, message: () => `expected a refusal with ${wanted}, but it succeeded` }
    const error = outcome.error
    if (!isRefusal(error))
      return {
        pass: false,
        message: () => `expected a refusal with ${wanted}, but it threw ${String(error)}`,
      }
    const fields = [error.field, ...error.issues.map((i) => i.field)].filter(Boolean)
    const pass = error.code === code && (field === undefined || fields.includes(field))
    return {
      pass,
      message: () =>
        pass
          ? `expected no refusal with ${wanted}, but got it: ${error.message}`
          : `expected a refusal with ${wanted}, got ${error.code}${fields.length ? ` on ${fields.join(', ')}` : ''}: ${error.message}`,
    }
  },
})

declare module 'vitest' {
  // The type parameter must read exactly as vitest declares it for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    /** The promise rejects with a DomainError of this code (and this field, when given). */
    toBeRefusedWith(code: string, field?: string): Promise<T>
  }
}
