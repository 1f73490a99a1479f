import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeClientWithService,
  makeGroup,
  makeProduct,
  payInvoice,
  superAdmin,
  uid,
} from '@berth/tests/support/catalog-factories'
import { billClientRenewals } from '../automation'
import { recordManualPayment } from '../billing'
import { addDays, daysBetween, formatDateOnly } from '../catalog'
import { divideRounded } from '../money'
import { inTransaction } from '../shared'
import { changePackage } from './change-package'
import { handleInvoicePaid } from './handle-invoice-paid'
import { refusal as fail } from '@berth/tests/support/refusals'

const db = getDb()
const admin = await superAdmin()
const group = await makeGroup(admin)
const plan = (name: string, amount: number, extra: Record<string, unknown> = {}) =>
  makeProduct(admin, { groupId: group.id, name, prices: [{ cycle: 'MONTHLY', amount }], ...extra })
const starter = await plan('Starter', 500)
const pro = await plan('Pro', 1000, { stockControl: true, stockQuantity: 100 })
const day = (d: Date) => formatDateOnly(d)

/** a client with a paid-up monthly service on `productId`: registered today, due in a month (D1) */
async function paidUp(productId: string) {
  const { client, serviceId } = await makeClientWithService(productId)
  const s = await db.service.findUniqueOrThrow({ where: { id: serviceId } })
  const renew = async (asOf: Date) => {
    await inTransaction({ ...admin, actor: { type: 'system', label: 'test run' } }, (tx) =>
      billClientRenewals(tx, client.clientId, asOf),
    )
    const item = await db.invoiceItem.findFirst({
      where: { serviceId, type: 'SERVICE', periodStart: s.nextDueDate! },
      select: { invoiceId: true, invoice: { select: { status: true } } },
    })
    return item
  }
  return { client, serviceId, registered: s.registrationDate, d1: s.nextDueDate!, renew }
}

const service = (id: string) => db.service.findUniqueOrThrow({ where: { id } })
const upgrade = (ctx: Parameters<typeof changePackage>[0], serviceId: string, today: Date) =>
  changePackage(ctx, { serviceId, productId: pro.id, options: {} }, { today })

describe('package changes across periods (issue 10)', () => {
  it('a renewal paid ahead no longer blocks an upgrade: priced for the rest of this period and the whole paid one', async () => {
    const { client, serviceId, registered, d1, renew } = await paidUp(starter.id)
    const renewal = await renew(addDays(d1, -14))
    await payInvoice(renewal!.invoiceId)
    const d2 = (await service(serviceId)).nextDueDate!
    expect(d2 > d1).toBe(true)

    const today = addDays(d1, -10)
    const change = await upgrade(client.ctx, serviceId, today)
    const expected = divideRounded(500n * 10n, BigInt(daysBetween(registered, d1))) + 500n
    expect(change.status).toBe('PENDING')
    expect(change.proration.amount).toBe(expected)
    expect(day(change.nextDueDate)).toBe(day(d2))
    await payInvoice(change.invoiceId!)
    const after = await service(serviceId)
    expect(after.productId).toBe(pro.id)
    expect(after.recurringAmount).toBe(1000n)
    // the upgrade's payment never moves the due date
    expect(day(after.nextDueDate!)).toBe(day(d2))
  })

  it('a renewal invoiced but not yet due: the upgrade also charges the difference for that period; paid in either order, the service moves once and renews at the new price', async () => {
    for (const order of ['change first', 'renewal first'] as const) {
      const { client, serviceId, registered, d1, renew } = await paidUp(starter.id)
      const renewal = await renew(addDays(d1, -14))
      expect(renewal?.invoice.status).toBe('UNPAID')
      const today = addDays(d1, -10)
      const change = await upgrade(client.ctx, serviceId, today)
      expect(change.proration.amount, order).toBe(
        divideRounded(500n * 10n, BigInt(daysBetween(registered, d1))) + 500n,
      )
      const invoices =
        order === 'change first'
          ? [change.invoiceId!, renewal!.invoiceId]
          : [renewal!.invoiceId, change.invoiceId!]
      for (const id of invoices) {
        await payInvoice(id)
        await handleInvoicePaid(db, { invoiceId: id }) // the hook run twice changes nothing
      }
      const after = await service(serviceId)
      expect(after.productId, order).toBe(pro.id)
      expect(after.recurringAmount, order).toBe(1000n)
      const renewed = await db.invoiceItem.findFirstOrThrow({
        where: { invoiceId: renewal!.invoiceId, type: 'SERVICE' },
        select: { periodEnd: true },
      })
      expect(day(after.nextDueDate!), order).toBe(day(addDays(renewed.periodEnd!, 1)))
      expect(
        (await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })).status,
        order,
      ).toBe('APPLIED')
    }
  })

  it('a downgrade while the next period is invoiced and unpaid is refused with the way out; once paid it credits that period too', async () => {
    const { client, serviceId, registered, d1, renew } = await paidUp(pro.id)
    const renewal = await renew(addDays(d1, -14))
    const today = addDays(d1, -10)
    const refused = await fail(
      changePackage(client.ctx, { serviceId, productId: starter.id, options: {} }, { today }),
    )
    expect(refused.code).toBe('INVALID_TRANSITION')
    expect(refused.message).toContain('pay it first')
    await payInvoice(renewal!.invoiceId)
    const down = await changePackage(client.ctx, { serviceId, productId: starter.id, options: {} }, { today })
    const prorated = divideRounded(500n * 10n, BigInt(daysBetween(registered, d1))) + 500n
    expect(down.status).toBe('APPLIED')
    expect(down.credit).toBe(prorated)
  })

  it('the renewal run supersedes an unpaid pending upgrade: its invoice cancelled, stock back, audited; asked again it is priced across the renewed period', async () => {
    const { client, serviceId, d1, renew } = await paidUp(starter.id)
    const stockBefore = (await db.product.findUniqueOrThrow({ where: { id: pro.id } })).stockQuantity
    const change = await upgrade(client.ctx, serviceId, addDays(d1, -16))
    expect(day(change.nextDueDate)).toBe(day(d1))
    expect((await db.product.findUniqueOrThrow({ where: { id: pro.id } })).stockQuantity).toBe(
      stockBefore - 1,
    )

    const renewal = await renew(addDays(d1, -14))
    expect(renewal).not.toBeNull()
    const row = await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })
    expect(row).toMatchObject({ status: 'CANCELLED', pendingServiceId: null })
    expect(row.resolution).toContain('superseded')
    expect((await db.invoice.findUniqueOrThrow({ where: { id: change.invoiceId! } })).status).toBe(
      'CANCELLED',
    )
    expect((await db.product.findUniqueOrThrow({ where: { id: pro.id } })).stockQuantity).toBe(stockBefore)
    expect(
      await db.auditEvent.count({
        where: { action: 'service.change-package.supersede', targetId: serviceId },
      }),
    ).toBe(1)
    // the renewal bills the package the service has
    const renewed = await db.invoiceItem.findFirstOrThrow({
      where: { invoiceId: renewal!.invoiceId, type: 'SERVICE' },
    })
    expect(renewed.amount).toBe(500n)

    const again = await upgrade(client.ctx, serviceId, addDays(d1, -13))
    expect(again.status).toBe('PENDING')
    expect(again.proration.amount > 500n).toBe(true)
    expect(day(again.nextDueDate)).toBe(day(addDays(renewed.periodEnd!, 1)))
  })

  it('a pending upgrade with money on it is left by the renewal; paid later it is credited, never applied at the old renewal price, and the service moves once', async () => {
    const { client, serviceId, d1, renew } = await paidUp(starter.id)
    const change = await upgrade(client.ctx, serviceId, addDays(d1, -16))
    const billing = (await makeStaff('Billing')).ctx
    const invoice = await db.invoice.findUniqueOrThrow({ where: { id: change.invoiceId! } })
    const half = invoice.total / 2n
    await recordManualPayment(billing, {
      invoiceId: invoice.id,
      method: 'bank_transfer',
      amount: half,
      reference: `part-${uid()}`,
    })
    const renewal = await renew(addDays(d1, -14))
    expect((await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })).status).toBe(
      'PENDING',
    )
    await payInvoice(invoice.id)
    const row = await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })
    expect(row.status).toBe('CANCELLED')
    const after = await service(serviceId)
    expect(after.productId).toBe(starter.id)
    expect(after.recurringAmount).toBe(500n)
    expect(day(after.nextDueDate!)).toBe(day(d1))
    const credited = await db.creditEntry.findMany({
      where: { clientId: client.clientId, amount: { gt: 0n }, kind: 'ADJUSTMENT' },
      select: { amount: true },
    })
    expect(credited.reduce((a, c) => a + c.amount, 0n)).toBe(invoice.total)
    await payInvoice(renewal!.invoiceId)
    const renewed = await service(serviceId)
    const period = await db.invoiceItem.findFirstOrThrow({
      where: { invoiceId: renewal!.invoiceId, type: 'SERVICE' },
      select: { periodEnd: true },
    })
    expect(day(renewed.nextDueDate!)).toBe(day(addDays(period.periodEnd!, 1)))
    expect(renewed.productId).toBe(starter.id)
  })

  it('the renewal never waits on a change invoice a payment holds: it leaves that change, and the payment then credits it', async () => {
    const { client, serviceId, d1, renew } = await paidUp(starter.id)
    const change = await upgrade(client.ctx, serviceId, addDays(d1, -16))
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    // a payment in progress: the paid hook holds the invoice's row lock
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${change.invoiceId}::uuid FOR UPDATE`
        locked()
        await held
      },
      { timeout: 30_000 },
    )
    await isLocked
    const started = Date.now()
    const renewal = await renew(addDays(d1, -14))
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(renewal).not.toBeNull()
    expect((await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })).status).toBe(
      'PENDING',
    )
    release()
    await holder
    await payInvoice(change.invoiceId!)
    const row = await db.packageChange.findUniqueOrThrow({ where: { id: change.changeId } })
    expect(row.status).toBe('CANCELLED')
    expect((await service(serviceId)).productId).toBe(starter.id)
  })
})
