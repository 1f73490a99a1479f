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
  for (const issue of error.issues) errors[formFieldOf(issue.field, fieldMap)] ??= issue.message
  const message = error.issues.length ? 'Please correct the fields marked below.' : error.message
  return { ok: false, errors, notice: { message, type: 'error' }, ...(data === undefined ? {} : { data }) }
}

/**
 * The form field of a core field path: the path itself, or its longest mapped prefix, so an issue
 * inside a list setting (`domains.reminderDays.before.2`) lands on the field that edits the list.
 */
function formFieldOf(path: string, fieldMap: Record<string, string>): string {
  for (let parts = path.split('.'); parts.length; parts = parts.slice(0, -1)) {
    const mapped = fieldMap[parts.join('.')]
    if (mapped) return mapped
  }
  return path
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
}

export function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === '1'
}
