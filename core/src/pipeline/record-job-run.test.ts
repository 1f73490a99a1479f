import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { recordJobRun } from './record-job-run'

const db = getDb()

describe('recordJobRun', () => {
  it('records a run with its progress and result counts (money as strings)', async () => {
    const run = { job: 'test.count', runKey: '2026-06-01', triggeredBy: 'cron' }
    const outcome = await recordJobRun(db, run, async (progress) => {
      await progress(1, 3)
      await progress(3)
      return { invoices: 3, total: 1999n }
    })
    expect(outcome).toEqual({ status: 'SUCCEEDED', result: { invoices: 3, total: 1999n } })
    const row = await db.jobRun.findUniqueOrThrow({
      where: { job_runKey: { job: run.job, runKey: run.runKey } },
    })
    expect(row).toMatchObject({
      status: 'SUCCEEDED',
      triggeredBy: 'cron',
      progress: 3,
      total: 3,
      counts: { invoices: 3, total: '1999' },
      errors: [],
    })
    expect(row.finishedAt).toBeInstanceOf(Date)
  })

  it('runs the work once per (job, run key): a second start, even at the same time, is skipped', async () => {
    const run = { job: 'test.once', runKey: '2026-06-02', triggeredBy: 'cron' }
    let calls = 0
    const work = async () => {
      calls++
      await new Promise((r) => setTimeout(r, 20))
      return { done: true }
    }
    const outcomes = await Promise.all([recordJobRun(db, run, work), recordJobRun(db, run, work)])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED'])
    expect(await recordJobRun(db, run, work)).toEqual({ status: 'SKIPPED' })
    expect(calls).toBe(1)
    expect(await db.jobRun.count({ where: { job: run.job } })).toBe(1)
  })

  it('records a failure with its message and rethrows it', async () => {
    const run = { job: 'test.fail', runKey: '2026-06-03', triggeredBy: 'staff:someone' }
    await expect(
      recordJobRun(db, run, async () => {
        throw new Error('the gateway was down')
      }),
    ).rejects.toThrow('the gateway was down')
    const row = await db.jobRun.findUniqueOrThrow({
      where: { job_runKey: { job: run.job, runKey: run.runKey } },
    })
    expect(row).toMatchObject({
      status: 'FAILED',
      message: 'the gateway was down',
      errors: ['the gateway was down'],
      triggeredBy: 'staff:someone',
    })
    expect(row.finishedAt).toBeInstanceOf(Date)
  })
})
