import type { Db } from '@berth/prisma'
import { BUILT_IN_ROLES } from '../access'

/**
 * Data every installation needs, demo or not: the built-in roles (their permissions follow the code
 * on every start, so a new permission reaches them), the default currencies and the number
 * sequences. Idempotent; runs at start-up after the migrations.
 */
export const DEFAULT_CURRENCIES = [
  { code: 'USD', name: 'US Dollar', symbol: '$', exponent: 2 },
  { code: 'EUR', name: 'Euro', symbol: '€', exponent: 2 },
  { code: 'GBP', name: 'Pound Sterling', symbol: '£', exponent: 2 },
] as const

export async function ensureReferenceData(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [name, def] of Object.entries(BUILT_IN_ROLES)) {
      await tx.role.upsert({
        where: { name },
        create: { name, description: def.description, permissions: [...def.permissions], isSystem: true },
        update: { description: def.description, permissions: [...def.permissions], isSystem: true },
      })
    }
    if ((await tx.currency.count()) === 0) {
      for (const [i, c] of DEFAULT_CURRENCIES.entries())
        await tx.currency.create({ data: { ...c, isDefault: i === 0 } })
    }
    await tx.numberSequence.upsert({
      where: { name: 'invoice' },
      create: { name: 'invoice', nextValue: 1n },
      update: {},
    })
  })
}
