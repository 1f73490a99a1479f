import {
  AppError,
  flat,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type After,
  type BaseRecord,
  type RecordActionResponse,
  type RecordJSON,
} from 'adminjs'
import { isDomainError, type Ctx } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { ACTION_DATA, withData, withParams, type RecordData } from './record-data'

/**
 * The one way to write an admin action (docs/decisions/0061-admin-actions.md). Every handler that
 * changes state (1) takes only the fields the form may change from the payload, (2) calls one core
 * function with the staff member's ctx, (3) maps the result to a redirect and notice, or a
 * `DomainError` to form errors on the right field (`ValidationError`) or a notice. Core validates,
 * checks the permission again and audits. Four shapes: `newHandler`, `editHandler`,
 * `deleteHandler` and `recordAction` (any custom record action: a confirmation, a small form, a
 * form the server describes); GET never changes state, which a cross-site link could trigger.
 */

/** How a form value becomes core input. */
export type FieldKind = 'text' | 'boolean' | 'list'
export type FormFields = Record<string, FieldKind>

/** Core field name → AdminJS property path, where they differ (roleId → role). */
export type FieldMap = Record<string, string>

/**
 * What a handler passes to core: the declared fields (`FormFields`, picked and typed by
 * `formInput`), or `'payload'`: the whole payload, unflattened, for forms with nested parts
 * (pricing table, module settings, invoice lines) whose own parser picks what it needs.
 */
export type InputFields = FormFields | 'payload'

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

/** The POST's input for core, as `fields` says (see `InputFields`). */
export function inputOf(
  request: ActionRequest,
  fields: InputFields = {},
  fieldMap: FieldMap = {},
): Record<string, unknown> {
  if (fields === 'payload')
    return flat.unflatten<Record<string, unknown>, Record<string, unknown>>(request.payload ?? {})
  return formInput(request.payload, fields, fieldMap)
}

export interface WriteHandlerOptions {
  db: Db
  fields: InputFields
  fieldMap?: FieldMap
}

async function reloadRecord(context: ActionContext, id: string, fallback?: BaseRecord) {
  const record = (await context.resource.findOne(id, context)) ?? fallback
  if (!record) throw new NotFoundError(`Record ${id} is gone`, 'core')
  return record.toJSON(context.currentAdmin)
}

function showUrl(context: ActionContext, id: string): string {
  return context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: id, actionName: 'show' })
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
    const input = inputOf(request, options.fields, options.fieldMap)
    let created: { id: string }
    try {
      created = await options.create(ctxFor(options.db, request), input)
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    return {
      record: await reloadRecord(context, created.id),
      redirectUrl: showUrl(context, created.id),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/**
 * The `edit` action: GET returns the record for the form (plus `load`'s data: masked settings);
 * POST sends the changed fields to core.
 */
export function editHandler(
  options: WriteHandlerOptions & {
    load?: (ctx: Ctx, id: string) => Promise<RecordData>
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
    const id = String(record.id())
    const ctx = ctxFor(options.db, request)
    if (request.method !== 'post') {
      const json = record.toJSON(context.currentAdmin)
      return { record: options.load ? withParams(json, await options.load(ctx, id)) : json }
    }
    try {
      await options.update(ctx, id, inputOf(request, options.fields, options.fieldMap))
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    return {
      record: await reloadRecord(context, id, record),
      redirectUrl: showUrl(context, id),
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

export interface RecordActionOptions<R, D> {
  db: Db
  /** what the POST sends to core: none by default (a confirmation), declared fields, or the payload */
  fields?: InputFields
  fieldMap?: FieldMap
  /** GET: what the action's component reads (choices, a form description), as `ACTION_DATA` */
  load?: (ctx: Ctx, id: string, record: BaseRecord) => Promise<D>
  /** POST: runs one core function */
  run: (ctx: Ctx, id: string, input: Record<string, unknown>, record: BaseRecord) => Promise<R>
  /** the success notice, or a function of what core answered */
  successMessage: string | ((result: NoInfer<R>) => string)
  /** where to go afterwards (default: the record's show page) */
  redirect?: (context: ActionContext, id: string, result: NoInfer<R>) => string
}

/**
 * A custom record action that changes state (Disable, Publish, Record payment, Change cycle...):
 * GET returns the record (with `load`'s data for the component); POST sends the input to core and
 * answers the reloaded record, a redirect and the success notice.
 */
export function recordAction<R, D = unknown>(options: RecordActionOptions<R, D>) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'command')
    const id = String(record.id())
    const ctx = ctxFor(options.db, request)
    if (request.method !== 'post') {
      const json = record.toJSON(context.currentAdmin)
      if (!options.load) return { record: json }
      try {
        return { record: withData(json, ACTION_DATA, await options.load(ctx, id, record)) }
      } catch (error) {
        toAdminError(error, options.fieldMap, response as never)
      }
    }
    let result: R
    try {
      result = await options.run(ctx, id, inputOf(request, options.fields, options.fieldMap), record)
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    const message = options.successMessage
    return {
      record: await reloadRecord(context, id, record),
      redirectUrl: options.redirect ? options.redirect(context, id, result) : showUrl(context, id),
      notice: { message: typeof message === 'string' ? message : message(result), type: 'success' },
    }
  }
}

/** A "Test connection" action: POST runs the check and answers its result beside the record (no redirect). */
export function connectionTestHandler(
  db: Db,
  test: (ctx: Ctx, id: string) => Promise<{ ok: boolean; message: string; durationMs?: number }>,
) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse & { result?: unknown }> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'testConnection')
    const json = record.toJSON(context.currentAdmin)
    if (request.method !== 'post') return { record: json }
    let result: { ok: boolean; message: string; durationMs?: number }
    try {
      result = await test(ctxFor(db, request), String(record.id()))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: json,
      result,
      notice: {
        message: result.ok ? 'The connection works.' : `The connection failed: ${result.message}`,
        type: result.ok ? 'success' : 'error',
      },
    }
  }
}

/**
 * An `after` hook for `show`: adds what `load` computes through core to the record, as form values
 * (masked secrets, flattened) or, with `name`, as read-only data for a component (`withData`: an
 * order's detail). Skipped when the action failed.
 */
export function addToRecord(
  db: Db,
  load: (ctx: Ctx, id: string, record: RecordJSON) => Promise<RecordData>,
): After<ActionResponse>
export function addToRecord(
  db: Db,
  name: string,
  load: (ctx: Ctx, id: string, record: RecordJSON) => Promise<unknown>,
): After<ActionResponse>
export function addToRecord(
  db: Db,
  ...args:
    | [load: (ctx: Ctx, id: string, record: RecordJSON) => Promise<RecordData>]
    | [name: string, load: (ctx: Ctx, id: string, record: RecordJSON) => Promise<unknown>]
): After<ActionResponse> {
  return async (response, request) => {
    const record = (response as RecordActionResponse).record
    if (!record?.id || (record.errors && Object.keys(record.errors).length) || request.method === 'post')
      return response
    const ctx = ctxFor(db, request)
    if (args.length === 2) {
      const [name, load] = args
      return { ...response, record: withData(record, name, await load(ctx, String(record.id), record)) }
    }
    return { ...response, record: withParams(record, await args[0](ctx, String(record.id), record)) }
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
