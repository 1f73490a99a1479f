import { claimAttempt } from '../../accounts'
import { DomainError, isDomainError, type Ctx } from '../../shared'
import { getSettings } from '../../settings'

const HOUR = 60 * 60_000

/**
 * Claims one ticket opened or one client reply, per client and per IP, with the limits from the
 * support.* settings; refuses with RATE_LIMITED and a message that says what to do. Call it with
 * the root database client, before the work (core/src/accounts/throttle.ts).
 */
export async function claimTicketAttempt(
  ctx: Ctx,
  kind: 'TICKET_OPEN' | 'TICKET_REPLY',
  clientId: string,
): Promise<void> {
  const s = await getSettings(ctx.db)
  const rule =
    kind === 'TICKET_OPEN'
      ? { perEmail: s['support.ticketsPerHourPerClient'], perIp: s['support.ticketsPerHourPerIp'] }
      : { perEmail: s['support.repliesPerHourPerClient'], perIp: s['support.repliesPerHourPerIp'] }
  try {
    await claimAttempt(ctx, 'PORTAL', kind, `client:${clientId}`, {
      windowMs: HOUR,
      isFailureCounted: false,
      ...rule,
    })
  } catch (error) {
    if (isDomainError(error) && error.code === 'RATE_LIMITED') {
      const what = kind === 'TICKET_OPEN' ? 'opened many tickets' : 'sent many replies'
      throw new DomainError(
        'RATE_LIMITED',
        `You have ${what} in the last hour. Please wait a while before trying again, or add to an existing ticket.`,
        { field: 'form', retryAfterSeconds: HOUR / 1000 },
      )
    }
    throw error
  }
}
