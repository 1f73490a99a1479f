import { toJsonSafe, maskSecrets, type Ctx } from '../shared'

export interface AuditInput {
  /** dotted verb, e.g. `client.register`, `staff.role.update` */
  action: string
  targetType: string
  targetId?: string | null
  /** the client the event concerns, so a client's history can be listed */
  clientId?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

// Secrets are never written to the audit trail, whatever a caller passes in before/after, at any
// depth (passwordHash, token, …Enc, a module's nested apiKey): core's one masking rule.
function redact(value: Record<string, unknown> | null | undefined): object | undefined {
  if (!value) return undefined
  return maskSecrets(toJsonSafe(value), { replacement: '[redacted]' }) as object
}

function actorColumns(ctx: Ctx): {
  actorType: 'CLIENT' | 'STAFF' | 'SYSTEM'
  actorId: string | null
  actorLabel: string | null
} {
  const a = ctx.actor
  switch (a.type) {
    case 'client':
      return { actorType: 'CLIENT', actorId: a.userId, actorLabel: a.label }
    case 'staff':
      return { actorType: 'STAFF', actorId: a.staffId, actorLabel: a.label }
    case 'system':
      return { actorType: 'SYSTEM', actorId: null, actorLabel: a.label }
    case 'anonymous':
      // A visitor acting before an account exists (registration, reset request).
      return { actorType: 'CLIENT', actorId: null, actorLabel: 'visitor' }
  }
}

/** The row recordAuditEvent writes, for callers that write many at once (createMany). */
export function auditEventData(ctx: Ctx, input: AuditInput) {
  const before = redact(input.before)
  const after = redact(input.after)
  return {
    ...actorColumns(ctx),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    clientId: input.clientId ?? null,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent?.slice(0, 500) ?? null,
  }
}

/** Records who did what; call it inside the transaction that makes the change. */
export async function recordAuditEvent(ctx: Ctx, input: AuditInput): Promise<void> {
  await ctx.db.auditEvent.create({ data: auditEventData(ctx, input) })
}

/** Only the fields that differ, for before/after of an update. */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {}
  const a: Partial<T> = {}
  for (const key of Object.keys(after) as (keyof T)[]) {
    const was = before[key]
    const now = after[key]
    const same =
      was instanceof Date && now instanceof Date
        ? was.getTime() === now.getTime()
        : JSON.stringify(toJsonSafe(was)) === JSON.stringify(toJsonSafe(now))
    if (!same) {
      b[key] = was
      a[key] = now as T[keyof T]
    }
  }
  return { before: b, after: a }
}
