import { z } from 'zod'
import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { completeTransition } from './complete-transition'
import type { ServiceTransition } from './transitions'
import { DomainError, inTransaction, parseInput, toJsonSafe, type Ctx } from '../shared'

export const completeStaffTaskInput = z.object({
  taskId: z.string().trim().uuid('Choose an existing task.'),
  /** for a set-up task: the login details to give the client (the password goes out in the welcome email) */
  username: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  password: z
    .string()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  dedicatedIp: z
    .string()
    .trim()
    .max(45)
    .optional()
    .transform((v) => v || undefined),
  note: z.string().trim().max(2000).optional(),
})

const taskData = z.object({
  action: z.string(),
  transition: z.string().nullable(),
  params: z.record(z.string(), z.unknown()).default({}),
  requestId: z.string(),
})

/**
 * Staff complete a to-do the manual module opened: the task closes, a successful ModuleCall is
 * recorded, and the action it stood for completes (a set-up task activates the service with the
 * login details typed in, a suspension task suspends it, ...).
 */
export async function completeStaffTask(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(completeStaffTaskInput, raw)
  return inTransaction(ctx, async (tx) => {
    const locked = await tx.db.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "StaffTask" WHERE "id" = ${input.taskId}::uuid FOR UPDATE`
    if (!locked.length) throw new DomainError('NOT_FOUND', 'This task does not exist.')
    const task = await tx.db.staffTask.findUniqueOrThrow({
      where: { id: input.taskId },
      select: {
        id: true,
        status: true,
        kind: true,
        serviceId: true,
        data: true,
        createdAt: true,
        service: { select: { clientId: true } },
      },
    })
    if (task.status !== 'OPEN')
      throw new DomainError('INVALID_TRANSITION', `This task is ${task.status.toLowerCase()} already.`)
    const staffId = tx.actor.type === 'staff' ? tx.actor.staffId : null
    await tx.db.staffTask.update({
      where: { id: task.id },
      data: { status: 'DONE', completedAt: new Date(), completedById: staffId },
    })
    const data = taskData.safeParse(task.data)
    if (task.serviceId && data.success) {
      await tx.db.moduleCall.create({
        data: {
          serviceId: task.serviceId,
          module: 'manual',
          action: data.data.action,
          success: true,
          durationMs: Date.now() - task.createdAt.getTime(),
          staffId,
          request: toJsonSafe({
            idempotencyKey: data.data.requestId,
            transition: data.data.transition,
            params: data.data.params,
            sent: { staffTaskId: task.id },
          }) as Prisma.InputJsonValue,
          response: {
            completedBy: tx.actor.type === 'staff' ? tx.actor.label : 'system',
            note: input.note ?? null,
            username: input.username ?? null,
          },
        },
      })
      if (data.data.transition) {
        await completeTransition(tx, task.serviceId, data.data.transition as ServiceTransition, {
          outcome: {
            username: input.username ?? null,
            password: input.password ?? null,
            dedicatedIp: input.dedicatedIp ?? null,
          },
          params: data.data.params as { reason?: string; forNonPayment?: boolean },
        })
      } else {
        await tx.db.service.update({ where: { id: task.serviceId }, data: { lastModuleError: null } })
      }
    }
    await recordAuditEvent(tx, {
      action: 'staff-task.complete',
      targetType: 'StaffTask',
      targetId: task.id,
      clientId: task.service?.clientId ?? null,
      after: { kind: task.kind, note: input.note ?? null },
    })
    return { id: task.id, status: 'DONE' as const }
  })
}

/** Open staff tasks, oldest first (orders.view). */
export async function listStaffTasks(
  ctx: Ctx,
  input: { status?: 'OPEN' | 'DONE' | 'CANCELLED'; serviceId?: string } = {},
) {
  requirePermission(ctx.actor, 'orders.view')
  return ctx.db.staffTask.findMany({
    where: { status: input.status ?? 'OPEN', ...(input.serviceId ? { serviceId: input.serviceId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      kind: true,
      title: true,
      description: true,
      status: true,
      serviceId: true,
      createdAt: true,
      completedAt: true,
    },
    take: 500,
  })
}
