import {
  AppError,
  flat,
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type After,
  type RecordActionResponse,
  type RecordJSON,
  type ResourceOptions,
} from 'adminjs'
import type { Ctx } from '@berth/core'
import type { Db } from '@berth/prisma'
import { canRunAction } from '../access/action-permissions'
import { formInput, toAdminError, type FieldMap, type FormFields } from '../actions/core-actions'
import { ctxFor } from '../auth/current-admin'

/**
 * Handlers shared by the catalog, order and service resources, on top of actions/core-actions.ts:
 * record commands that take a few fields (a reason, a date, a cycle), extra read-only data for a
 * show page or a command's form, and sidebar links that open a filtered list.
 */

/** A record's JSON with extra params (flattened the way AdminJS keeps params). */
export function withParams(record: RecordJSON, extra: Record<string, unknown>): RecordJSON {
  return {
    ...record,
    params: { ...record.params, ...flat.flatten<Record<string, unknown>, Record<string, unknown>>(extra) },
  }
}

/** Serialises a value for a JSON param: bigints as strings, dates as ISO strings. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

export interface FormCommandOptions {
  db: Db
  /** the fields the command's form sends (core names), picked from the payload */
  fields?: FormFields
  fieldMap?: FieldMap
  /** GET: data the form needs (choices, a preview), put in the record's `command` param as JSON */
  load?: (ctx: Ctx, id: string, context: ActionContext) => Promise<unknown>
  /** POST: runs core; may answer a more precise success message */
  run: (ctx: Ctx, id: string, input: Record<string, unknown>) => Promise<string | void>
  successMessage: string
  /** where to go afterwards (default: the record's show page) */
  redirect?: (context: ActionContext, id: string) => string
}

/**
 * A record command with a small form (RecordForm component): GET returns the record (and what the
 * form needs), POST sends the declared fields to one core function. A DomainError becomes field
 * errors or a notice with core's own message; state never changes on a GET.
 */
export function formCommandHandler(options: FormCommandOptions) {
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
        return { record: withParams(json, { command: jsonParam(await options.load(ctx, id, context)) }) }
      } catch (error) {
        toAdminError(error, options.fieldMap, response as never)
      }
    }
    let message: string | void
    try {
      message = await options.run(ctx, id, formInput(request.payload, options.fields ?? {}, options.fieldMap))
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    const found = await context.resource.findOne(id, context)
    return {
      record: (found ?? record).toJSON(context.currentAdmin),
      redirectUrl: options.redirect
        ? options.redirect(context, id)
        : context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: id, actionName: 'show' }),
      notice: { message: message || options.successMessage, type: 'success' },
    }
  }
}

/**
 * An `after` hook for `show` (and edit's GET): adds read-only data computed through core (masked
 * secrets, a service's module log) to the record's params. Skipped when the action failed.
 */
export function addToRecord(
  db: Db,
  load: (ctx: Ctx, id: string, record: RecordJSON) => Promise<Record<string, unknown>>,
): After<ActionResponse> {
  return async (response, request) => {
    const record = (response as RecordActionResponse).record
    if (!record?.id || (record.errors && Object.keys(record.errors).length) || request.method === 'post')
      return response
    return {
      ...response,
      record: withParams(record, await load(ctxFor(db, request), String(record.id), record)),
    }
  }
}

/** A sidebar link that opens the list already filtered (open tasks...), only for who may list. */
export function filteredHref(resourceId: string, search: string): NonNullable<ResourceOptions['href']> {
  return ({ h, currentAdmin }) =>
    canRunAction(currentAdmin as { permissions: string[] } | undefined, resourceId, 'list')
      ? h.resourceUrl({ resourceId, search })
      : (null as unknown as string)
}

type Payload = Record<string, unknown> | undefined

/**
 * `new` for forms with nested parts (pricing table, module settings): the function gets the whole
 * payload and picks what it needs itself. POST only; core creates, validates and audits.
 */
export function createFromPayload(options: {
  db: Db
  fieldMap?: FieldMap
  create: (ctx: Ctx, payload: Payload) => Promise<{ id: string }>
  successMessage: string
}) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    if (request.method !== 'post') throw new AppError('Use the form to create a record.')
    let created: { id: string }
    try {
      created = await options.create(ctxFor(options.db, request), request.payload)
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    const record = await context.resource.findOne(created.id, context)
    if (!record) throw new NotFoundError(`Record ${created.id} is gone`, 'core')
    return {
      record: record.toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: created.id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage, type: 'success' },
    }
  }
}

/** `edit` for such forms: GET returns the record plus `load`'s params (masked settings); POST updates through core. */
export function updateFromPayload(options: {
  db: Db
  fieldMap?: FieldMap
  load?: (ctx: Ctx, id: string) => Promise<Record<string, unknown>>
  update: (ctx: Ctx, id: string, payload: Payload) => Promise<unknown>
  successMessage: string
}) {
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
      await options.update(ctx, id, request.payload)
    } catch (error) {
      toAdminError(error, options.fieldMap, response as never)
    }
    const reloaded = await context.resource.findOne(id, context)
    return {
      record: (reloaded ?? record).toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage, type: 'success' },
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
