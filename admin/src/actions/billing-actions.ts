import { AppError, flat, type ActionRequest } from 'adminjs'
import { DomainError, parseAmount } from '@berth/core'

/**
 * Billing's record actions with a form (Record payment, Refund, Apply credit, Cancel, Add credit...)
 * are `recordAction`s (core-actions.ts) whose `load` answers a `FormSpec`: facts to read before
 * acting, fields with their defaults and choices, which the one generic component
 * (components/billing/billing-form.tsx) draws. POST sends the whole payload (`fields: 'payload'`);
 * the parsers below turn typed text into core input.
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

  /**
   * Runs a core schema over the input (`parseInput(schema, input)`) and adds what it refuses, so a
   * form shows core's own messages beside the console's parse errors; the console checks no rule
   * of its own.
   */
  absorbFrom(validate: () => unknown): void {
    try {
      validate()
    } catch (error) {
      this.absorb(error)
    }
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
