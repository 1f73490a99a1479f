import { describe, expect, it } from 'vitest'
import { DomainError } from '@berth/core'
import { refusal } from '../support/refusals'

/** The shared refusal matcher must fail for everything that is not the refusal asked for. */
describe('toBeRefusedWith', () => {
  const refused = () =>
    Promise.reject(new DomainError('VALIDATION_FAILED', 'Choose 1 to 10 years.', { field: 'years' }))

  it('passes on the code, and on the code with the field at fault', async () => {
    await expect(refused()).toBeRefusedWith('VALIDATION_FAILED')
    await expect(refused()).toBeRefusedWith('VALIDATION_FAILED', 'years')
    expect((await refusal(refused())).message).toBe('Choose 1 to 10 years.')
  })

  it('fails on success, another code, another field or an error that is not a refusal', async () => {
    await expect(expect(Promise.resolve(1)).toBeRefusedWith('FORBIDDEN')).rejects.toThrow(/succeeded/)
    await expect(expect(refused()).toBeRefusedWith('FORBIDDEN')).rejects.toThrow(/got VALIDATION_FAILED/)
    await expect(expect(refused()).toBeRefusedWith('VALIDATION_FAILED', 'name')).rejects.toThrow(/on years/)
    await expect(expect(Promise.reject(new Error('boom'))).toBeRefusedWith('FORBIDDEN')).rejects.toThrow(
      /threw Error: boom/,
    )
    await expect(refusal(Promise.resolve(1))).rejects.toThrow(/succeeded/)
    await expect(refusal(Promise.reject(new TypeError('bad')))).rejects.toThrow('bad')
  })
})
