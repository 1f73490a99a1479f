import type { Db, Prisma } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { decryptSecret, secretBinding } from '../crypto'
import { formatDateOnly } from '../catalog'
import { completeTransition } from './complete-transition'
import { canTransition, type ServiceTransition } from './transitions'
import { inTransaction, maskSecrets, systemCtx, toJsonSafe } from '../shared'
import {
  ModuleError,
  allowsPrivateTargets,
  getProvisioningModule,
  loadModuleServer,
  moduleCallJobSchema,
  moduleSecretSettings,
  readModuleSettings,
  selectServer,
  type ModuleCallJob,
  type ModuleOutcome,
  type ModuleRequest,
  type ModuleServer,
} from '../provisioning'

export interface ModuleCallResult {
  outcome: 'done' | 'waiting' | 'failed' | 'skipped'
  moduleCallId: string | null
  /** failed: the error shown to staff; skipped: why */
  message?: string
  /** failed: whether the job queue should try again */
  retryable?: boolean
}

const serviceSelect = {
  id: true,
  clientId: true,
  status: true,
  domain: true,
  billingCycle: true,
  username: true,
  passwordEnc: true,
  registrationDate: true,
  nextDueDate: true,
  recurringAmount: true,
  currencyCode: true,
  serverId: true,
  product: {
    select: {
      id: true,
      name: true,
      slug: true,
      type: true,
      provisioningModule: true,
      moduleSettings: true,
      serverGroupId: true,
    },
  },
  client: {
    select: {
      companyName: true,
      country: true,
      users: {
        where: { isOwner: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { firstName: true, lastName: true, email: true },
      },
    },
  },
  configOptions: {
    select: {
      quantity: true,
      option: { select: { name: true, moduleKey: true, type: true } },
      choice: { select: { label: true, moduleValue: true } },
    },
  },
} as const satisfies Prisma.ServiceSelect

type ServiceForCall = Prisma.ServiceGetPayload<{ select: typeof serviceSelect }>

function stillWanted(job: ModuleCallJob, status: ServiceForCall['status']): boolean {
  if (job.transition) return canTransition(status, job.transition as ServiceTransition)
  return status === 'ACTIVE' || status === 'SUSPENDED'
}

function moduleRequestOf(
  job: ModuleCallJob,
  s: ServiceForCall,
  settings: Record<string, unknown>,
  server: ModuleServer | null,
): ModuleRequest {
  const owner = s.client.users[0]
  return {
    action: job.action,
    idempotencyKey: job.requestId,
    settings,
    server,
    service: {
      id: s.id,
      status: s.status,
      domain: s.domain,
      billingCycle: s.billingCycle,
      username: s.username,
      password: s.passwordEnc
        ? decryptSecret(s.passwordEnc, secretBinding('Service.passwordEnc', s.id))
        : null,
      registrationDate: formatDateOnly(s.registrationDate),
      nextDueDate: s.nextDueDate ? formatDateOnly(s.nextDueDate) : null,
      recurringAmount: s.recurringAmount.toString(),
      currency: s.currencyCode,
    },
    client: {
      id: s.clientId,
      companyName: s.client.companyName,
      firstName: owner?.firstName ?? '',
      lastName: owner?.lastName ?? '',
      email: owner?.email ?? '',
      country: s.client.country,
    },
    product: { id: s.product.id, name: s.product.name, slug: s.product.slug, type: s.product.type },
    options: s.configOptions.map((o) => ({
      key: o.option.moduleKey ?? o.option.name,
      name: o.option.name,
      value:
        o.option.type === 'QUANTITY'
          ? String(o.quantity)
          : (o.choice?.moduleValue ?? o.choice?.label ?? (o.option.type === 'YES_NO' ? 'no' : '')),
      quantity: o.quantity,
    })),
    params: job.params,
  }
}

async function previousAttempts(
  db: Db,
  serviceId: string,
  requestId: string,
): Promise<{ attempts: number; succeeded: boolean }> {
  const calls = await db.moduleCall.findMany({
    where: { serviceId, request: { path: ['idempotencyKey'], equals: requestId } },
    select: { success: true },
  })
  return { attempts: calls.length, succeeded: calls.some((c) => c.success) }
}

/**
 * Runs one `provisioning.call` job: calls the module outside any transaction (never hold a row
 * lock across the network), then, in one transaction, records the ModuleCall and applies what came
 * back: the transition lands (done), a StaffTask opens (waiting), or the service keeps its state
 * with `lastModuleError` set (failed). Safe to run twice: a request that already succeeded, or a
 * service no longer in a state the action fits, is skipped without calling the module.
 */
export async function runModuleCall(db: Db, raw: unknown): Promise<ModuleCallResult> {
  const job = moduleCallJobSchema.parse(raw)
  const service = await db.service.findUnique({ where: { id: job.serviceId }, select: serviceSelect })
  if (!service) return { outcome: 'skipped', moduleCallId: null, message: 'the service no longer exists' }
  if (!stillWanted(job, service.status))
    return {
      outcome: 'skipped',
      moduleCallId: null,
      message: `the service is ${service.status.toLowerCase()} now`,
    }
  const previous = await previousAttempts(db, service.id, job.requestId)
  if (previous.succeeded)
    return { outcome: 'skipped', moduleCallId: null, message: 'this request already succeeded' }
  const openTask = await db.staffTask.findFirst({
    where: { serviceId: service.id, status: 'OPEN', data: { path: ['requestId'], equals: job.requestId } },
    select: { id: true },
  })
  if (openTask)
    return { outcome: 'skipped', moduleCallId: null, message: 'a staff task is open for this request' }

  const moduleName = service.product.provisioningModule ?? 'manual'
  const started = Date.now()
  let outcome: ModuleOutcome | null = null
  let failure: ModuleError | null = null
  let serverId = service.serverId
  try {
    const module = getProvisioningModule(moduleName)
    if (!serverId && service.product.serverGroupId && job.action === 'create')
      serverId = await selectServer(db, service.product.serverGroupId)
    if (!serverId && module.usesServer)
      throw new ModuleError("No active server with room in the product's server group.", { retryable: false })
    const server = serverId ? await loadModuleServer(db, serverId) : null
    const settings = readModuleSettings(moduleName, service.product.moduleSettings, service.product.id)
    const allowPrivateTargets = await allowsPrivateTargets(db)
    outcome = await module[job.action]({
      ...moduleRequestOf(job, service, settings, server),
      allowPrivateTargets,
    })
  } catch (error) {
    failure =
      error instanceof ModuleError
        ? error
        : new ModuleError((error as Error).message || 'The module failed.', {
            retryable: false,
            cause: error,
          })
  }
  const durationMs = Date.now() - started
  const requestLog = (sent: unknown) =>
    toJsonSafe({
      idempotencyKey: job.requestId,
      transition: job.transition,
      params: job.params,
      sent: sent ?? null,
    }) as Prisma.InputJsonValue
  // What the host answered is logged with secrets masked at any depth (its password was taken above); views mask the rest.
  const secretKeys = moduleSecretSettings(moduleName)
  const ctx = systemCtx(db, 'provisioning')

  return inTransaction(ctx, async (tx) => {
    const call = await tx.db.moduleCall.create({
      data: {
        serviceId: service.id,
        module: moduleName,
        action: job.action,
        attempt: previous.attempts + 1,
        durationMs,
        staffId: job.staffId,
        success: !failure,
        error: failure ? failure.message.slice(0, 2000) : null,
        request: requestLog(failure ? failure.request : outcome?.request),
        response: (maskSecrets(
          toJsonSafe(failure ? (failure.response ?? null) : (outcome?.response ?? null)),
          { secretKeys },
        ) ?? undefined) as Prisma.InputJsonValue | undefined,
      },
      select: { id: true },
    })
    if (failure || !outcome) {
      const message = failure?.message ?? 'The module gave no answer.'
      await tx.db.service.update({
        where: { id: service.id },
        data: { lastModuleError: `${job.action}: ${message}`.slice(0, 2000) },
      })
      await recordAuditEvent(tx, {
        action: 'service.module.fail',
        targetType: 'Service',
        targetId: service.id,
        clientId: service.clientId,
        after: {
          module: moduleName,
          action: job.action,
          error: message,
          moduleCallId: call.id,
          attempt: previous.attempts + 1,
        },
      })
      return { outcome: 'failed', moduleCallId: call.id, message, retryable: failure?.retryable ?? false }
    }
    if (outcome.status === 'waiting') {
      const task = await tx.db.staffTask.create({
        data: {
          kind: `service.${job.action}`,
          title: outcome.task.title.slice(0, 300),
          description: outcome.task.description,
          serviceId: service.id,
          data: toJsonSafe({
            action: job.action,
            transition: job.transition,
            params: job.params,
            requestId: job.requestId,
            moduleCallId: call.id,
          }) as Prisma.InputJsonValue,
        },
        select: { id: true },
      })
      await recordAuditEvent(tx, {
        action: 'service.module.waiting',
        targetType: 'Service',
        targetId: service.id,
        clientId: service.clientId,
        after: { module: moduleName, action: job.action, staffTaskId: task.id },
      })
      return { outcome: 'waiting', moduleCallId: call.id }
    }
    if (job.transition) {
      await completeTransition(tx, service.id, job.transition as ServiceTransition, {
        outcome: {
          username: outcome.username ?? null,
          password: outcome.password ?? null,
          dedicatedIp: outcome.dedicatedIp ?? null,
          data: outcome.data,
          serverId: serverId ?? null,
        },
        params: job.params as { reason?: string; forNonPayment?: boolean },
      })
    } else {
      await tx.db.service.update({ where: { id: service.id }, data: { lastModuleError: null } })
      await recordAuditEvent(tx, {
        action: `service.module.${job.action}`,
        targetType: 'Service',
        targetId: service.id,
        clientId: service.clientId,
        after: { module: moduleName, moduleCallId: call.id },
      })
    }
    return { outcome: 'done', moduleCallId: call.id }
  })
}
