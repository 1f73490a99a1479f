import type { Db } from '@berth/prisma'
import { toJsonSafe } from '../shared'

/**
 * Runs one scheduled job and records it in JobRun (started, finished, counts, errors), so staff see
 * what the clock did. (job, runKey) is unique: the same run started twice is recorded once and
 * its work skipped the second time.
 */
export async function recordJobRun<T extends object>(
  db: Db,
  run: { job: string; runKey: string; triggeredBy: string },
  work: (progress: (done: number, total?: number) => Promise<void>) => Promise<T>,
): Promise<{ status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; result?: T }> {
  const created = await db.jobRun.createMany({
    data: [{ job: run.job, runKey: run.runKey, triggeredBy: run.triggeredBy }],
    skipDuplicates: true,
  })
  if (created.count === 0) return { status: 'SKIPPED' }
  const where = { job_runKey: { job: run.job, runKey: run.runKey } }
  const progress = async (done: number, total?: number) => {
    await db.jobRun.update({ where, data: { progress: done, ...(total === undefined ? {} : { total }) } })
  }
  try {
    const result = await work(progress)
    await db.jobRun.update({
      where,
      data: { status: 'SUCCEEDED', finishedAt: new Date(), counts: toJsonSafe(result) as object },
    })
    return { status: 'SUCCEEDED', result }
  } catch (error) {
    await db.jobRun.update({
      where,
      data: {
        status: 'FAILED',
        finishedAt: new Date(),
        errors: [String((error as Error).message)],
        message: String((error as Error).message).slice(0, 500),
      },
    })
    throw error
  }
}
