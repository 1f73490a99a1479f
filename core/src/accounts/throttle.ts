import type { AttemptKind, Door } from '@berth/prisma'
import type { Ctx } from '../shared/context'
import { DomainError } from '../shared/domain-error'

/**
 * Throttling of logins and reset requests, per account (email) and per IP, counted in the database
 * so it holds across every process. Failed logins count; for resets and verification resends every
 * request counts.
 */
export interface ThrottleRule {
  windowMs: number
  perEmail: number
  perIp: number
}

export const THROTTLE_RULES: Record<AttemptKind, ThrottleRule> = {
  LOGIN: { windowMs: 15 * 60_000, perEmail: 5, perIp: 30 },
  PASSWORD_RESET: { windowMs: 60 * 60_000, perEmail: 3, perIp: 20 },
  EMAIL_VERIFICATION: { windowMs: 60 * 60_000, perEmail: 5, perIp: 20 },
}

export async function assertNotThrottled(ctx: Ctx, door: Door, kind: AttemptKind, email: string): Promise<void> {
  const rule = THROTTLE_RULES[kind]
  const since = new Date(Date.now() - rule.windowMs)
  const counted = kind === 'LOGIN' ? { success: false } : {}
  const ip = ctx.request.ip ?? 'unknown'
  // For logins, a success resets the account's count: only failures after it count.
  const lastSuccess =
    kind === 'LOGIN'
      ? await ctx.db.loginAttempt.findFirst({
          where: { door, kind, email, success: true, createdAt: { gte: since } },
          orderBy: { createdAt: 'desc' },
          select: { createdAt: true },
        })
      : null
  const emailSince = lastSuccess ? lastSuccess.createdAt : since
  // Sequential: ctx.db may be a transaction, whose one connection cannot run two queries at once.
  const byEmail = await ctx.db.loginAttempt.count({ where: { door, kind, email, createdAt: { gt: emailSince }, ...counted } })
  const byIp = await ctx.db.loginAttempt.count({ where: { door, kind, ip, createdAt: { gte: since }, ...counted } })
  if (byEmail >= rule.perEmail || byIp >= rule.perIp) {
    throw new DomainError('RATE_LIMITED', `Too many attempts. Please wait ${Math.ceil(rule.windowMs / 60_000)} minutes and try again.`, {
      retryAfterSeconds: Math.ceil(rule.windowMs / 1000),
    })
  }
}

export async function recordAttempt(ctx: Ctx, door: Door, kind: AttemptKind, email: string, success: boolean): Promise<void> {
  await ctx.db.loginAttempt.create({ data: { door, kind, email, ip: ctx.request.ip ?? 'unknown', success } })
}
