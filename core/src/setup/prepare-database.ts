import { createPrismaClient } from '@berth/prisma'
import { applyMigrations } from '@berth/prisma/migrate'
import { ensureJobQueues } from '../platform'
import { ensureReferenceData } from './ensure-reference-data'
import { seedDemo } from './seed-demo'

/**
 * Everything a database needs before the processes start: migrations, pg-boss's schema and queues,
 * reference data, and (in demo mode) the demo seed. Safe to run from several copies at once.
 */
export async function prepareDatabase(
  url: string,
  options: { demo: boolean; log?: (line: string) => void },
): Promise<{ migrationsApplied: number; demoSeeded: boolean }> {
  const log = options.log ?? (() => {})
  const { applied } = await applyMigrations(url, { log })
  await ensureJobQueues(url)
  const db = createPrismaClient(url, { max: 2 })
  try {
    await ensureReferenceData(db)
    const demo = options.demo ? await seedDemo(db) : { seeded: false }
    if (demo.seeded) log('seeded the demo data')
    return { migrationsApplied: applied.length, demoSeeded: demo.seeded }
  } finally {
    await db.$disconnect()
  }
}
