import type { DbClient } from '@berth/prisma'
import { DomainError } from '../shared'

/**
 * The one stock update. Takes `count` units of a stock-controlled product in a single conditional
 * UPDATE (the row lock serialises concurrent carts, and `"stockQuantity" >= count` means stock never
 * goes below zero), or refuses with OUT_OF_STOCK on `field`. A product without stock control is
 * left alone and never refused. Call inside the transaction that creates what the stock is for.
 */
export async function takeStock(
  db: DbClient,
  product: { id: string; name: string },
  options: { count?: number; field?: string } = {},
): Promise<void> {
  const count = options.count ?? 1
  const taken = await db.$executeRaw`
    UPDATE "Product" SET "stockQuantity" = "stockQuantity" - ${count}
    WHERE "id" = ${product.id}::uuid AND "stockControl" AND "stockQuantity" >= ${count}`
  if (taken === 1) return
  const row = await db.product.findUniqueOrThrow({
    where: { id: product.id },
    select: { stockControl: true },
  })
  if (row.stockControl)
    throw new DomainError('OUT_OF_STOCK', `${product.name} is out of stock.`, {
      field: options.field ?? 'productId',
    })
}

/** Gives `count` units back to a stock-controlled product (nothing for one without stock control). */
export async function releaseStock(db: DbClient, productId: string, count = 1): Promise<void> {
  await db.$executeRaw`
    UPDATE "Product" SET "stockQuantity" = "stockQuantity" + ${count}
    WHERE "id" = ${productId}::uuid AND "stockControl"`
}
