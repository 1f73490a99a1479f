export { createPrismaClient, getDb, disconnectDb, type Db } from './client'
export { Prisma, PrismaClient } from './generated/prisma/client'
export * from './generated/prisma/enums'
export type * from './generated/prisma/models'
export { databaseUrlFor, createDatabase, dropDatabase, databaseExists } from './database-admin'

import type { Prisma } from './generated/prisma/client'
/** A client or a transaction client: what core functions accept as `ctx.db`. */
export type DbClient = Prisma.TransactionClient
