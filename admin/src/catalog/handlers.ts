import type { ActionContext } from 'adminjs'
import type { Ctx } from '@berth/core'
import type { Db } from '@berth/prisma'
import { recordAction, type FieldMap, type FormFields } from '../actions/core-actions'

/**
 * Transitional: the old names used by domain.resource.ts and registrar-config.resource.ts until they
 * move to actions/core-actions.ts (recordAction, addToRecord) and actions/record-data.ts. Delete
 * with them; nothing else imports this file.
 */
export { addToRecord } from '../actions/core-actions'
export { withParams } from '../actions/record-data'

export function jsonParam(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

export function formCommandHandler(options: {
  db: Db
  fields?: FormFields
  fieldMap?: FieldMap
  load?: (ctx: Ctx, id: string) => Promise<unknown>
  run: (ctx: Ctx, id: string, input: Record<string, unknown>) => Promise<string | void>
  successMessage: string
  redirect?: (context: ActionContext, id: string) => string
}) {
  const { successMessage, redirect, ...rest } = options
  return recordAction({
    ...rest,
    successMessage: (message) => message || successMessage,
    ...(redirect ? { redirect: (context: ActionContext, id: string) => redirect(context, id) } : {}),
  })
}
