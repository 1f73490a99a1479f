import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { DomainError } from './domain-error'
import { parseInput } from './validate'

const schema = z
  .object({
    name: z.string().trim().min(1, 'Name is required'),
    age: z.number().int('Whole years').min(18, 'Adults only'),
    address: z.object({ city: z.string().min(1, 'City is required') }),
    tags: z.array(z.string().max(3, 'Tags are short')),
    password: z.string(),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match' })

const valid = {
  name: ' Ada ',
  age: 36,
  address: { city: 'London' },
  tags: ['a'],
  password: 'x',
  confirm: 'x',
}

describe('parseInput', () => {
  it("returns the schema's output (transforms applied) for valid input", () => {
    expect(parseInput(schema, valid)).toEqual({ ...valid, name: 'Ada' })
  })

  it('throws VALIDATION_FAILED naming every field at fault, nested paths joined with dots', () => {
    const error = (() => {
      try {
        parseInput(schema, { ...valid, name: '', age: 12, address: { city: '' }, tags: ['ok', 'toolong'] })
      } catch (e) {
        return e as DomainError
      }
      throw new Error('expected a validation error')
    })()
    expect(error).toBeInstanceOf(DomainError)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.fieldErrors()).toEqual({
      name: 'Name is required',
      age: 'Adults only',
      'address.city': 'City is required',
      'tags.1': 'Tags are short',
    })
    // The first issue is also the error's own field and message.
    expect(error.field).toBe('name')
    expect(error.message).toBe('Name is required')
    expect(error.issues).toHaveLength(4)
  })

  it('reports a refinement on its path, and a problem with the whole input on "form"', () => {
    const mismatch = (() => {
      try {
        parseInput(schema, { ...valid, confirm: 'y' })
      } catch (e) {
        return e as DomainError
      }
    })()!
    expect(mismatch.fieldErrors()).toEqual({ confirm: 'The passwords do not match' })
    const notAnObject = (() => {
      try {
        parseInput(schema, 'a string')
      } catch (e) {
        return e as DomainError
      }
    })()!
    expect(notAnObject.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(notAnObject.fieldErrors())).toEqual(['form'])
    expect(notAnObject.field).toBe('form')
  })
})
