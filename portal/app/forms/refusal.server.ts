import { data } from '@remix-run/node'
import { httpStatusFor, isDomainError } from '@berth/core'
import type { FormRefusal } from './form-state'

/**
 * Turns core's DomainError into the form's answer: each message next to its field when the form
 * has that field, the rest as one message at the top; HTTP status from core's one mapping table
 * (422 invalid input, 401 wrong login, 429 throttled, 400 bad link...). Anything else is a bug and
 * is rethrown to the error boundary. `values` refills the form; passwords are never sent back.
 */
export function refuse<I extends string>(
  error: unknown,
  options: {
    intent?: I
    fields: readonly string[]
    values?: Record<string, string>
    mapField?: (field: string) => string
  },
) {
  if (!isDomainError(error)) throw error
  const fieldErrors: Record<string, string> = {}
  let formError: string | null = null
  for (const [coreField, message] of Object.entries(error.fieldErrors())) {
    // `mapField` names the form's field for one of core's (`addonIds.2` → `addonIds`).
    const field = options.mapField ? options.mapField(coreField) : coreField
    if (options.fields.includes(field)) fieldErrors[field] ??= message
    else formError ??= message
  }
  if (!Object.keys(fieldErrors).length) formError ??= error.message
  const headers = new Headers()
  if (error.retryAfterSeconds) headers.set('Retry-After', String(error.retryAfterSeconds))
  const body: FormRefusal<I> = {
    ok: false,
    intent: options.intent ?? null,
    formError,
    fieldErrors,
    values: options.values ?? {},
  }
  return data(body, { status: httpStatusFor(error), headers })
}

/** A refusal the portal decides itself (honeypot), shaped like core's. */
export function refuseQuietly<I extends string>(intent: I | null = null) {
  const body: FormRefusal<I> = {
    ok: false,
    intent,
    formError: 'We could not process this form. Please try again.',
    fieldErrors: {},
    values: {},
  }
  return data(body, { status: 400 })
}
