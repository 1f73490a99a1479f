import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@berth/prisma'
import pg from 'pg'

/**
 * A Prisma client on DATABASE_URL that counts every statement it sends (each pooled connection's
 * `query` is wrapped, so BEGIN/COMMIT and raw SQL count too): how a test shows a page's work does
 * not grow with the rows it shows (no query per row), and the benchmarks count statements per invoice.
 */
export function countingDb(
  url = process.env.DATABASE_URL,
  max = 2,
): { db: PrismaClient; statements: () => number; close: () => Promise<void> } {
  let statements = 0
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1
      return query(...args)
    }
  })
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) })
  return { db, statements: () => statements, close: () => db.$disconnect() }
}
