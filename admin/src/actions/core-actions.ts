import {
  AppError,
  flat,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import { isDomainError } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import type { Ctx } from '@berth/core'

/**
 * The write side of every resource: an AdminJS action handler that (1) takes only the fields the
 * form may change from the payload, (2) calls one core function with the staff member's ctx,
 * (3) maps the result to a redirect and notice, or a `DomainError` to form errors on the right
 * field (`ValidationError`) or a notice. Core validates, checks the permission again and audits.
 */

/** How a form value becomes core input. */
export type FieldKind = 'text' | 'boolean' | 'list'
export type FormFields = Record<string, FieldKind>

/** Core field name → AdminJS property path, where they differ (roleId → role). */
export type FieldMap = Record<string, string>

function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : String(value)
}

/**
 * Picks the declared fields (core's names) present in a (flattened) AdminJS payload, reading each
 * from its property path (`fieldMap`: roleId is the form's `role`).
 */
export function formInput(
  payload: Record<string, unknown> | undefined,
  fields: FormFields,
  fieldMap: FieldMap = {},
): Record<string, unknown> {
  const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload ?? {})
  const input: Record<string, unknown> = {}
  for (const [name, kind] of Object.entries(fields)) {
    const path = fieldMap[name] ?? name
    if (!Object.hasOwn(data, path)) continue
    const value = data[path]
    if (kind === 'boolean') input[name] = value === true || value === 'true' || value === 'on'
    else if (kind === 'list')
      input[name] = (
        Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]
      ).map(asText)
    else input[name] = asText(value)
  }
  return input
}

/** Turns a DomainError into what AdminJS shows: field messages, a notice, or a refusal. */
export function toAdminError(
  error: unknown,
  fieldMap: FieldMap = {},
  response?: { status?: (code: number) => unknown },
): never {
  if (!isDomainError(error)) throw error
  if (error.code === 'FORBIDDEN') {
    response?.status?.(403)
    throw new ForbiddenError(error.message)
  }
  if (error.code === 'NOT_FOUND') throw new NotFoundError(error.message, 'core')
  if (error.issues.length) {
    const propertyErrors: Record<string, { message: string; type: string }> = {}
    for (const issue of error.issues) {
      const path = fieldMap[issue.field] ?? issue.field
      propertyErrors[path] ??= { message: issue.message, type: error.code }
    }
    const message =
      error.issues.length > 1 || error.code === 'VALIDATION_FAILED'
        ? 'Please correct the fields marked below.'
        : error.message
    throw new ValidationError(propertyErrors, { message, type: error.code })
  }
  throw new AppError(error.message)
}

export interface WriteHandlerOptions {
  db: Db
  fields: FormFields
  fieldMap?: FieldMap
}

async function reloadRecord(context: ActionContext, id: string) {
  const record = await context.resource.findOne(id, context)
  if (!record) throw new NotFoundError(`Record ${id} is gone`, 'core')
  return record.toJSON(context.currentAdmin)
}

/** The `new` action: POST only; core creates the row and returns its id. */
export function newHandler(
  options: WriteHandlerOptions & {
    create: (ctx: Ctx, input: Record<string, unknown>) => Promise<{ id: string }>
    successMessage: string
  },
) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    if (request.method !== 'post') throw new AppError('Use the form to create a record.')
    const input = formInput(request.payload, options.fields, options.fieldMap)
    let created: { id: string }
    try {
      created = await options.create(ctxFor(options.db, request), input)
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    return {
      record: await reloadRecord(context, created.id),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: created.id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/** The `edit` action: GET returns the record for the form; POST sends the changed fields to core. */
export function editHandler(
  options: WriteHandlerOptions & {
    update: (ctx: Ctx, id: string, input: Record<string, unknown>) => Promise<unknown>
    successMessage: string
  },
) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'edit')
    if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) }
    const id = String(record.id())
    try {
      await options.update(
        ctxFor(options.db, request),
        id,
        formInput(request.payload, options.fields, options.fieldMap),
      )
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    return {
      record: await reloadRecord(context, id),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/** The `delete` action: POST only (AdminJS's button posts); core deletes and audits. */
export function deleteHandler(options: {
  db: Db
  remove: (ctx: Ctx, id: string) => Promise<unknown>
  successMessage: string
}) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'delete')
    if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) }
    try {
      await options.remove(ctxFor(options.db, request), String(record.id()))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: record.toJSON(context.currentAdmin),
      redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/**
 * A custom record action that changes state (Disable, Enable...): GET only returns the record (the
 * confirmation component shows it), POST runs core. State never changes on a GET, which a
 * cross-site link could trigger.
 */
export function recordCommandHandler(options: {
  db: Db
  run: (ctx: Ctx, id: string) => Promise<unknown>
  successMessage: string
}) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'command')
    if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) }
    const id = String(record.id())
    try {
      await options.run(ctxFor(options.db, request), id)
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: await reloadRecord(context, id),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/** For read-only resources: a handler that refuses, should the table ever let an action through. */
export function refusedHandler(): (
  request: ActionRequest,
  response: unknown,
  context: ActionContext,
) => Promise<ActionResponse> {
  return async () => {
    throw new ForbiddenError('This record cannot be changed here.')
  }
}
