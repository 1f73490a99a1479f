import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { decryptSecret, secretBinding } from '../crypto'
import { DomainError, parseInput, type Ctx } from '../shared'
import { assertServiceAccess, canSeeSecrets } from './access'
import { listServicesInput, serviceIdSchema } from './schemas'
import { allowedTransitions, type ServiceTransition } from './transitions'

const summarySelect = {
  id: true,
  clientId: true,
  orderId: true,
  status: true,
  domain: true,
  billingCycle: true,
  currencyCode: true,
  recurringAmount: true,
  firstPaymentAmount: true,
  registrationDate: true,
  nextDueDate: true,
  createdAt: true,
  product: { select: { id: true, name: true, type: true, group: { select: { name: true } } } },
} as const satisfies Prisma.ServiceSelect

type SummaryRow = Prisma.ServiceGetPayload<{ select: typeof summarySelect }>

export interface ServiceSummary {
  id: string
  clientId: string
  orderId: string | null
  status: string
  productId: string
  productName: string
  groupName: string
  productType: string
  domain: string | null
  billingCycle: string
  currency: string
  recurringAmount: bigint
  firstPaymentAmount: bigint
  registrationDate: Date
  nextDueDate: Date | null
}

function toSummary(s: SummaryRow): ServiceSummary {
  return {
    id: s.id,
    clientId: s.clientId,
    orderId: s.orderId,
    status: s.status,
    productId: s.product.id,
    productName: s.product.name,
    groupName: s.product.group.name,
    productType: s.product.type,
    domain: s.domain,
    billingCycle: s.billingCycle,
    currency: s.currencyCode,
    recurringAmount: s.recurringAmount,
    firstPaymentAmount: s.firstPaymentAmount,
    registrationDate: s.registrationDate,
    nextDueDate: s.nextDueDate,
  }
}

/** A client's own services, or (staff, orders.view) anyone's, newest first. */
export async function listServices(
  ctx: Ctx,
  raw: unknown = {},
): Promise<{ services: ServiceSummary[]; total: number; page: number; pageSize: number }> {
  const input = parseInput(listServicesInput, raw)
  if (ctx.actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (ctx.actor.type !== 'client') requirePermission(ctx.actor, 'orders.view')
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  const where: Prisma.ServiceWhereInput = {
    ...(clientId ? { clientId } : {}),
    ...(input.status ? { status: input.status } : {}),
  }
  const [rows, total] = await Promise.all([
    ctx.db.service.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: summarySelect,
    }),
    ctx.db.service.count({ where }),
  ])
  return { services: rows.map(toSummary), total, page: input.page, pageSize: input.pageSize }
}

export interface ServiceDetail extends ServiceSummary {
  options: { optionId: string; name: string; value: string; choiceId: string | null; quantity: number }[]
  addons: {
    id: string
    addonId: string
    name: string
    status: string
    billingCycle: string
    recurringAmount: bigint
    setupFee: bigint
    nextDueDate: Date | null
  }[]
  login: {
    username: string | null
    password: string | null
    hasPassword: boolean
    dedicatedIp: string | null
    serverHost: string | null
  }
  suspensionReason: string | null
  suspendedForNonPayment: boolean
  terminationDate: Date | null
  openCancellation: { id: string; type: string; reason: string; createdAt: Date } | null
  /** staff only: the last module error, the transitions allowed now, and open staff tasks */
  lastModuleError: string | null
  allowedTransitions: ServiceTransition[]
  /** whether the client may change the package now */
  canChangePackage: boolean
}

/**
 * One service: product, options, addons, cycle, price, next due date, status, and the login details
 * the module gave (the password for its client and for staff who manage orders).
 */
export async function getService(ctx: Ctx, serviceId: string): Promise<ServiceDetail> {
  const id = ctx.actor.type === 'client' ? serviceId : parseInput(serviceIdSchema, serviceId)
  await assertServiceAccess(ctx.db, ctx.actor, id, 'orders.view')
  const s = await ctx.db.service.findUniqueOrThrow({
    where: { id },
    select: {
      ...summarySelect,
      username: true,
      passwordEnc: true,
      dedicatedIp: true,
      suspensionReason: true,
      suspendedForNonPayment: true,
      terminationDate: true,
      lastModuleError: true,
      server: { select: { hostname: true } },
      configOptions: {
        select: {
          optionId: true,
          choiceId: true,
          quantity: true,
          option: { select: { name: true, type: true, unit: true } },
          choice: { select: { label: true } },
        },
      },
      addons: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          addonId: true,
          status: true,
          billingCycle: true,
          recurringAmount: true,
          setupFee: true,
          nextDueDate: true,
          addon: { select: { name: true } },
        },
      },
      cancellations: {
        where: { status: 'OPEN' },
        take: 1,
        select: { id: true, type: true, reason: true, createdAt: true },
      },
    },
  })
  const isStaff = ctx.actor.type !== 'client'
  const secrets = canSeeSecrets(ctx.actor)
  const value = (o: (typeof s.configOptions)[number]) =>
    o.option.type === 'QUANTITY'
      ? `${o.quantity}${o.option.unit ? ` ${o.option.unit}` : ''}`
      : o.option.type === 'YES_NO'
        ? o.choice
          ? 'Yes'
          : 'No'
        : (o.choice?.label ?? '')
  return {
    ...toSummary(s),
    options: s.configOptions.map((o) => ({
      optionId: o.optionId,
      name: o.option.name,
      value: value(o),
      choiceId: o.choiceId,
      quantity: o.quantity,
    })),
    addons: s.addons.map((a) => ({
      id: a.id,
      addonId: a.addonId,
      name: a.addon.name,
      status: a.status,
      billingCycle: a.billingCycle,
      recurringAmount: a.recurringAmount,
      setupFee: a.setupFee,
      nextDueDate: a.nextDueDate,
    })),
    login: {
      username: s.username,
      password:
        secrets && s.passwordEnc && s.status !== 'TERMINATED'
          ? decryptSecret(s.passwordEnc, secretBinding('Service.passwordEnc', s.id))
          : null,
      hasPassword: !!s.passwordEnc,
      dedicatedIp: s.dedicatedIp,
      serverHost: s.server?.hostname ?? null,
    },
    suspensionReason: s.suspensionReason,
    suspendedForNonPayment: s.suspendedForNonPayment,
    terminationDate: s.terminationDate,
    openCancellation: s.cancellations[0] ?? null,
    lastModuleError: isStaff ? s.lastModuleError : null,
    allowedTransitions: isStaff ? allowedTransitions(s.status) : [],
    canChangePackage:
      s.status === 'ACTIVE' &&
      s.billingCycle !== 'ONE_TIME' &&
      !!s.nextDueDate &&
      s.nextDueDate > new Date() &&
      !s.cancellations.length,
  }
}
