import { describe, expect, it } from 'vitest'
import * as core from '../index'

/**
 * Every update input of core, given nothing, must change nothing. Zod 4 fills in `.default()`s even
 * inside `.optional()`, which once made "rename a product group" also un-hide it and "edit a
 * server" re-activate it and drop its capacity.
 */
const updateSchemas = Object.entries(core).filter(
  ([name, value]) =>
    /^update\w*Input$/.test(name) && typeof (value as { safeParse?: unknown }).safeParse === 'function',
) as [string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }][]

describe('update inputs', () => {
  it('exist (the scan below looks at real schemas)', () => {
    expect(updateSchemas.map(([n]) => n)).toEqual(
      expect.arrayContaining([
        'updateProductInput',
        'updateProductGroupInput',
        'updateServerInput',
        'updateClientInput',
      ]),
    )
  })

  it.each(updateSchemas)('%s fills in nothing for omitted fields', (_name, schema) => {
    const result = schema.safeParse({})
    if (result.success) expect(result.data).toEqual({})
  })
})
