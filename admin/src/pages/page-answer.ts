import { isDomainError } from '@berth/core'

/** What the console's own pages answer: data, a notice, and field errors keyed by form field. */
export interface PageAnswer<T> {
  ok: boolean
  data?: T
  notice?: { message: string; type: 'success' | 'error' | 'info' }
  errors?: Record<string, string>
}

/** A DomainError as a page answer; `fieldMap` renames core fields to the form's. Anything else is rethrown. */
export function failedAnswer<T>(
  error: unknown,
  fieldMap: Record<string, string> = {},
  data?: T,
): PageAnswer<T> {
  if (!isDomainError(error)) throw error
  const errors: Record<string, string> = {}
  for (const issue of error.issues) errors[fieldMap[issue.field] ?? issue.field] ??= issue.message
  const message = error.issues.length ? 'Please correct the fields marked below.' : error.message
  return { ok: false, errors, notice: { message, type: 'error' }, ...(data === undefined ? {} : { data }) }
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
}

export function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === '1'
}
