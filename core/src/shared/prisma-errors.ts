import { Prisma } from '@berth/prisma'

/** True when a write failed on a unique constraint (Prisma P2002): the database settled a race. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false
  if (!field) return true
  const text = JSON.stringify(error.meta ?? {}) + error.message
  return text.includes(field)
}
