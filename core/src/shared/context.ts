import type { Db, DbClient } from '@berth/prisma'

export type Actor =
  | { type: 'client'; userId: string; clientId: string; label: string }
  | { type: 'staff'; staffId: string; permissions: readonly string[]; label: string }
  | { type: 'system'; label: string }
  | { type: 'anonymous' }

export interface RequestInfo {
  ip: string | null
  userAgent: string | null
}

/** What every state-changing core function takes: who asks, from where, and the database. */
export interface Ctx {
  db: Db | DbClient
  actor: Actor
  request: RequestInfo
}

export const NO_REQUEST: RequestInfo = { ip: null, userAgent: null }

export function systemCtx(db: Db | DbClient, label: string): Ctx {
  return { db, actor: { type: 'system', label }, request: NO_REQUEST }
}

export function anonymousCtx(db: Db | DbClient, request: RequestInfo): Ctx {
  return { db, actor: { type: 'anonymous' }, request }
}
