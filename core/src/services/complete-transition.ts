import type { DbClient, Prisma, ServiceStatus } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { encryptSecret, secretBinding } from '../crypto'
import { toDateOnly } from '../catalog'
import { DomainError, type Ctx } from '../shared'
import { queueServiceEmail } from './notify'
import { assertTransition, SERVICE_TRANSITIONS, type ServiceTransition } from './transitions'

/** What a module (or the staff member who completed its task) gave back for the service. */
export interface TransitionOutcome {
  username?: string | null
  password?: string | null
  dedicatedIp?: string | null
  data?: Record<string, unknown>
  serverId?: string | null
}

export interface TransitionParams {
  reason?: string
  forNonPayment?: boolean
}

const ADDON_STATUS: Record<ServiceTransition, { from: ServiceStatus[]; to: ServiceStatus }> = {
  activate: { from: ['PENDING'], to: 'ACTIVE' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE' },
  terminate: { from: ['PENDING', 'ACTIVE', 'SUSPENDED'], to: 'TERMINATED' },
  cancel: { from: ['PENDING', 'ACTIVE', 'SUSPENDED'], to: 'CANCELLED' },
  fraud: { from: ['PENDING', 'ACTIVE', 'SUSPENDED'], to: 'FRAUD' },
}

/** Locks a service row for the rest of the transaction; false when it does not exist. */
export async function lockService(db: DbClient, serviceId: string): Promise<boolean> {
  const rows = await db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Service" WHERE "id" = ${serviceId}::uuid FOR UPDATE`
  return rows.length === 1
}

/**
 * Lands a transition on a service, inside the caller's transaction and under the service's row
 * lock: the new status and what goes with it (login details on activation, the reason on
 * suspension, the termination date), its addons follow, open cancellation requests are closed
 * when it ends, the audit event, and the client's email. Called when a module call succeeded, when
 * staff complete a manual task, or at once for products without a module.
 */
export async function completeTransition(
  tx: Ctx & { db: DbClient },
  serviceId: string,
  transition: ServiceTransition,
  options: { outcome?: TransitionOutcome; params?: TransitionParams } = {},
): Promise<{ status: ServiceStatus }> {
  if (!(await lockService(tx.db, serviceId)))
    throw new DomainError('NOT_FOUND', 'This service does not exist.')
  const service = await tx.db.service.findUniqueOrThrow({
    where: { id: serviceId },
    select: {
      id: true,
      clientId: true,
      orderId: true,
      status: true,
      domain: true,
      username: true,
      moduleData: true,
      serverId: true,
      product: { select: { name: true, welcomeEmail: true } },
    },
  })
  const rule = assertTransition(service.status, transition)
  const outcome = options.outcome ?? {}
  const params = options.params ?? {}
  const today = toDateOnly(new Date())
  const data: Prisma.ServiceUpdateInput = { status: rule.to, lastModuleError: null }
  const after: Record<string, unknown> = { status: rule.to }

  if (transition === 'activate') {
    if (outcome.username) data.username = outcome.username
    if (outcome.password)
      data.passwordEnc = encryptSecret(outcome.password, secretBinding('Service.passwordEnc', serviceId))
    if (outcome.dedicatedIp) data.dedicatedIp = outcome.dedicatedIp
    if (outcome.serverId) data.server = { connect: { id: outcome.serverId } }
    if (outcome.data)
      data.moduleData = {
        ...(service.moduleData as Record<string, unknown>),
        ...outcome.data,
      } as Prisma.InputJsonValue
    Object.assign(after, {
      username: outcome.username ?? service.username,
      serverId: outcome.serverId ?? service.serverId,
    })
  } else if (transition === 'suspend') {
    const reason = params.reason?.trim() || (params.forNonPayment ? 'Overdue payment' : 'Suspended by staff')
    Object.assign(data, {
      suspendedAt: new Date(),
      suspensionReason: reason,
      suspendedForNonPayment: params.forNonPayment ?? false,
    })
    Object.assign(after, { reason, forNonPayment: params.forNonPayment ?? false })
  } else if (transition === 'unsuspend') {
    Object.assign(data, { suspendedAt: null, suspensionReason: null, suspendedForNonPayment: false })
  } else if (transition === 'terminate' || transition === 'cancel') {
    data.terminationDate = today
    if (params.reason) after.reason = params.reason
  }

  await tx.db.service.update({ where: { id: serviceId }, data })
  const addonRule = ADDON_STATUS[transition]
  await tx.db.serviceAddon.updateMany({
    where: { serviceId, status: { in: addonRule.from } },
    data: { status: addonRule.to },
  })
  if (rule.to === 'TERMINATED' || rule.to === 'CANCELLED' || rule.to === 'FRAUD') {
    await tx.db.cancellationRequest.updateMany({
      where: { serviceId, status: 'OPEN' },
      data: { status: 'DONE', resolvedAt: new Date() },
    })
  }
  if (transition === 'activate' && service.orderId) {
    await tx.db.order.updateMany({
      where: { id: service.orderId, status: 'PENDING' },
      data: { status: 'ACTIVE' },
    })
  }
  await recordAuditEvent(tx, {
    action: `service.${transition}`,
    targetType: 'Service',
    targetId: serviceId,
    clientId: service.clientId,
    before: { status: service.status },
    after,
  })

  const facts = {
    id: service.id,
    clientId: service.clientId,
    domain: service.domain,
    productName: service.product.name,
  }
  if (transition === 'activate' && service.product.welcomeEmail) {
    const server = outcome.serverId ?? service.serverId
    const host = server
      ? ((await tx.db.server.findUnique({ where: { id: server }, select: { hostname: true } }))?.hostname ??
        null)
      : null
    await queueServiceEmail(tx.db, facts, {
      kind: 'welcome',
      username: outcome.username ?? service.username,
      password: outcome.password ?? null,
      serverHost: host,
    })
  } else if (transition === 'suspend') {
    await queueServiceEmail(tx.db, facts, { kind: 'suspended', reason: String(after.reason) })
  } else if (transition === 'unsuspend') {
    await queueServiceEmail(tx.db, facts, { kind: 'unsuspended' })
  } else if (transition === 'terminate') {
    await queueServiceEmail(tx.db, facts, { kind: 'terminated' })
  }
  return { status: SERVICE_TRANSITIONS[transition].to }
}
