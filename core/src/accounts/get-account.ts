import { requireClient } from '../access'
import { DomainError, type Ctx } from '../shared'

export interface AccountView {
  userId: string
  clientId: string
  email: string
  emailVerified: boolean
  firstName: string
  lastName: string
  companyName: string | null
  address1: string
  address2: string | null
  city: string
  state: string | null
  postcode: string | null
  country: string
  phone: string | null
  currencyCode: string
}

/** The logged-in client's own account, as the profile page shows it. */
export async function getAccount(ctx: Ctx): Promise<AccountView> {
  const actor = requireClient(ctx.actor)
  const user = await ctx.db.user.findUnique({
    where: { id: actor.userId },
    select: {
      id: true,
      email: true,
      emailVerifiedAt: true,
      firstName: true,
      lastName: true,
      clientId: true,
      client: {
        select: {
          companyName: true,
          address1: true,
          address2: true,
          city: true,
          state: true,
          postcode: true,
          country: true,
          phone: true,
          currencyCode: true,
        },
      },
    },
  })
  if (!user || user.clientId !== actor.clientId) throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  return {
    userId: user.id,
    clientId: user.clientId,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    firstName: user.firstName,
    lastName: user.lastName,
    ...user.client,
  }
}

export interface DashboardSummary {
  unpaidInvoices: number
  /** services by status, as the dashboard's services tile says them: active, pending (ordered, not provisioned yet), suspended */
  activeServices: number
  pendingServices: number
  suspendedServices: number
  openTickets: number
  activeDomains: number
  /** Totals the client can see (drafts excluded), so the portal knows when to show an empty state. */
  invoiceCount: number
  serviceCount: number
  ticketCount: number
}

/** Counts for the client dashboard's tiles; every query is scoped to the actor's client. */
export async function getDashboardSummary(ctx: Ctx): Promise<DashboardSummary> {
  const { clientId } = requireClient(ctx.actor)
  const [unpaidInvoices, byStatus, openTickets, activeDomains, invoiceCount, serviceCount, ticketCount] =
    await Promise.all([
      ctx.db.invoice.count({ where: { clientId, status: 'UNPAID' } }),
      ctx.db.service.groupBy({
        by: ['status'],
        where: { clientId, status: { in: ['ACTIVE', 'PENDING', 'SUSPENDED'] } },
        _count: { _all: true },
      }),
      ctx.db.ticket.count({ where: { clientId, status: { not: 'CLOSED' } } }),
      ctx.db.domain.count({ where: { clientId, status: 'ACTIVE' } }),
      ctx.db.invoice.count({ where: { clientId, status: { not: 'DRAFT' } } }),
      ctx.db.service.count({ where: { clientId } }),
      ctx.db.ticket.count({ where: { clientId } }),
    ])
  const services = (status: 'ACTIVE' | 'PENDING' | 'SUSPENDED') =>
    byStatus.find((row) => row.status === status)?._count._all ?? 0
  return {
    unpaidInvoices,
    activeServices: services('ACTIVE'),
    pendingServices: services('PENDING'),
    suspendedServices: services('SUSPENDED'),
    openTickets,
    activeDomains,
    invoiceCount,
    serviceCount,
    ticketCount,
  }
}

/** The portal's idea of who is logged in: null when the user or their client is no longer active. */
export async function loadPortalPrincipal(ctx: Ctx, userId: string) {
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      clientId: true,
      email: true,
      firstName: true,
      lastName: true,
      status: true,
      emailVerifiedAt: true,
      client: { select: { status: true } },
    },
  })
  if (!user || user.status !== 'ACTIVE' || user.client.status !== 'ACTIVE') return null
  return {
    userId: user.id,
    clientId: user.clientId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    emailVerified: Boolean(user.emailVerifiedAt),
  }
}
export type PortalPrincipal = NonNullable<Awaited<ReturnType<typeof loadPortalPrincipal>>>
