import {
  AppError,
  flat,
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type BaseRecord,
  type RecordActionResponse,
} from 'adminjs'
import { DomainError, formatMoney, parseAmount, type Ctx } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { toAdminError } from './core-actions'

/**
 * Billing's record actions with a form (Record payment, Refund, Apply credit, Cancel, Add credit...):
 * GET returns the record plus a form description (`params.berthForm`, JSON) that the one generic
 * component (components/billing/billing-form.tsx) renders: facts to read before acting, fields
 * with their defaults and choices. POST sends the typed values to core; a DomainError becomes
 * field errors or a notice, exactly like the other write handlers (core-actions.ts).
 */

export type FormFieldKind = 'text' | 'textarea' | 'money' | 'date' | 'select'

export interface FormFieldSpec {
  name: string
  label: string
  kind: FormFieldKind
  required?: boolean
  hint?: string
  /** money: the currency code shown beside the input */
  currency?: string
  options?: { value: string; label: string }[]
  placeholder?: string
}

export interface FormSpec {
  intro?: string
  /** read-only facts shown above the fields: balance, credit, what was paid */
  facts?: { label: string; value: string }[]
  fields: FormFieldSpec[]
  values?: Record<string, string>
  confirmLabel: string
  variant?: 'danger' | 'primary'
  /** set when the action cannot run now: shown instead of the form */
  blocked?: string
}

export const FORM_PARAM = 'berthForm'

/** Flattened AdminJS payload → plain object of strings (nested paths kept as objects). */
export function payloadOf(request: ActionRequest): Record<string, unknown> {
  return flat.unflatten<Record<string, unknown>, Record<string, unknown>>(request.payload ?? {})
}

export function textOf(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value.trim() : String(value).trim()
}

/** Optional text: '' → undefined (core's optional fields). */
export function optionalText(value: unknown): string | undefined {
  const t = textOf(value)
  return t === '' ? undefined : t
}

/** Decimal text ("12.34") → minor units for a currency exponent; a DomainError on `field` otherwise. */
export function amountOf(
  value: unknown,
  exponent: number,
  field = 'amount',
  options: { optional?: boolean; allowNegative?: boolean } = {},
): bigint | undefined {
  const text = textOf(value)
  if (text === '' && options.optional) return undefined
  return parseAmount(text, exponent, { field, ...(options.allowNegative ? { allowNegative: true } : {}) })
}

/** Money for people: "$1,234.56" from minor units (bigint or digit string) and a currency. */
export function money(
  amount: bigint | string | number,
  currency: { code: string; exponent: number },
): string {
  return formatMoney(BigInt(amount), currency.code, currency.exponent)
}

async function reload(context: ActionContext, id: string) {
  const record = await context.resource.findOne(id, context)
  if (!record) throw new NotFoundError(`Record ${id} is gone`, 'billing')
  return record.toJSON(context.currentAdmin)
}

export interface FormActionOptions<R> {
  db: Db
  /** GET: what the form shows; may refuse early with `blocked` */
  prepare: (ctx: Ctx, record: BaseRecord) => Promise<FormSpec>
  /** POST: run core with the typed values */
  run: (ctx: Ctx, record: BaseRecord, values: Record<string, unknown>) => Promise<R>
  successMessage: (result: R) => string
  /** where to go afterwards: the record's show page by default */
  redirect?: (context: ActionContext, record: BaseRecord, result: R) => string
}

export function formActionHandler<R>(options: FormActionOptions<R>) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'billing')
    const ctx = ctxFor(options.db, request)
    if (request.method !== 'post') {
      let spec: FormSpec
      try {
        spec = await options.prepare(ctx, record)
      } catch (error) {
        toAdminError(error, {}, response as never)
      }
      const json = record.toJSON(context.currentAdmin)
      json.params = { ...json.params, [FORM_PARAM]: JSON.stringify(spec) }
      return { record: json }
    }
    const id = String(record.id())
    let result: R
    try {
      result = await options.run(ctx, record, payloadOf(request))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: await reload(context, id),
      redirectUrl: options.redirect
        ? options.redirect(context, record, result)
        : context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: id, actionName: 'show' }),
      notice: { message: options.successMessage(result), type: 'success' },
    }
  }
}

/**
 * Collects DomainErrors from several parsers (amounts typed in several lines, say) so that every
 * field at fault is reported at once; throws one VALIDATION_FAILED when any failed.
 */
export class IssueCollector {
  readonly issues: { field: string; message: string }[] = []

  take<T>(fn: () => T): T | undefined {
    try {
      return fn()
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      this.issues.push(
        ...(error.issues.length ? error.issues : [{ field: error.field ?? 'form', message: error.message }]),
      )
      return undefined
    }
  }

  /** Adds the issues of a DomainError a core schema threw (validation only, nothing written). */
  absorb(error: unknown): void {
    if (!(error instanceof DomainError)) throw error
    for (const issue of error.issues)
      if (!this.issues.some((i) => i.field === issue.field)) this.issues.push(issue)
  }

  throwIfAny(): void {
    if (!this.issues.length) return
    throw new DomainError('VALIDATION_FAILED', this.issues[0]!.message, {
      issues: this.issues,
      field: this.issues[0]!.field,
    })
  }
}

/** A refusal the console itself decides (the action does not apply to this record), as a notice. */
export function refuse(message: string): never {
  throw new AppError(message)
}

/**
 * A confirm-and-run record action (Publish, Send email, Test connection) whose success message
 * depends on what core answered. GET only returns the record (the confirmation screen); POST runs.
 */
export function commandHandler<R>(options: {
  db: Db
  run: (ctx: Ctx, id: string, record: BaseRecord) => Promise<R>
  successMessage: (result: R) => string
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
    let result: R
    try {
      result = await options.run(ctxFor(options.db, request), id, record)
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: await reload(context, id),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: options.successMessage(result), type: 'success' },
    }
  }
}
