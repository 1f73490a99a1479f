import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/prisma/client'

export type Db = PrismaClient

/** Creates a Prisma client on the PostgreSQL driver adapter (mandatory in Prisma 7). */
export function createPrismaClient(connectionString: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 })
  return new PrismaClient({ adapter })
}

let shared: PrismaClient | undefined

/** The process-wide client for DATABASE_URL, created on first use. */
export function getDb(): PrismaClient {
  if (!shared) {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set')
    shared = createPrismaClient(url)
  }
  return shared
}

export async function disconnectDb(): Promise<void> {
  if (shared) {
    const client = shared
    shared = undefined
    await client.$disconnect()
  }
}
