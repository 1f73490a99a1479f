import { getDb, type BillingCycle, type Db, type ServiceStatus } from '@berth/prisma'
import { parseDateOnly } from '../catalog'

/**
 * Builders for the daily-run tests (not shipped: only *.test.ts import this). Services are written
 * directly with the dates a test needs; everything the run does goes through core.
 */
export const d = (value: string) => parseDateOnly(value)

export interface ServiceSpec {
  clientId: string
  productId: string
  cycle?: BillingCycle
  status?: ServiceStatus
  amount?: bigint
  registered?: string
  nextDueDate?: string | null
  currencyCode?: string
  extra?: Record<string, unknown>
}

export async function makeService(spec: ServiceSpec, db: Db = getDb()) {
  const amount = spec.amount ?? 1000n
  return db.service.create({
    data: {
      clientId: spec.clientId,
      productId: spec.productId,
      status: spec.status ?? 'ACTIVE',
      billingCycle: spec.cycle ?? 'MONTHLY',
      currencyCode: spec.currencyCode ?? 'USD',
      firstPaymentAmount: amount,
      recurringAmount: amount,
      registrationDate: d(spec.registered ?? spec.nextDueDate ?? '2027-01-01'),
      nextDueDate: spec.nextDueDate === null ? null : d(spec.nextDueDate ?? '2027-02-01'),
      ...spec.extra,
    },
  })
}

/** Takes every earlier test's services and invoices out of the run's way (one database per file). */
export async function clearDueWork(db: Db = getDb()) {
  await db.service.updateMany({
    where: { status: { in: ['ACTIVE', 'SUSPENDED', 'PENDING'] } },
    data: { status: 'TERMINATED' },
  })
  await db.invoice.updateMany({
    where: { status: { in: ['UNPAID', 'COLLECTIONS'] } },
    data: { status: 'CANCELLED' },
  })
  await db.order.updateMany({ where: { status: 'PENDING' }, data: { status: 'CANCELLED' } })
}

export async function setSettings(values: Record<string, unknown>, db: Db = getDb()) {
  for (const [key, value] of Object.entries(values)) {
    await db.setting.upsert({
      where: { key },
      create: { key, value: value as object },
      update: { value: value as object },
    })
  }
}
