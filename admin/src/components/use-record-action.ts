import { useState } from 'react'
import { ApiClient, useActionResponseHandler, useNotice, type RecordJSON } from 'adminjs'

/**
 * How a component talks to its action (docs/decisions/0061-admin-actions.md): one API client for
 * the whole console, and one hook that posts to a record or resource action and sorts the answer
 * into done / refused by core (field errors on their paths, core's notice) / failed (network,
 * server error). Where the result is shown (under fields, in a box, as a notice) stays the
 * component's choice; reading and mapping the answer happens here only.
 */
export const adminApi = new ApiClient()

export interface Notice {
  message: string
  type: 'success' | 'error' | 'info'
}

/** What a Berth action answers (actions/core-actions.ts), plus what the action adds (`T`). */
export type ActionAnswer<T = unknown> = {
  record?: RecordJSON
  notice?: Notice
  redirectUrl?: string
} & T

export type ActionOutcome<T = unknown> =
  | { status: 'done'; answer: ActionAnswer<T> }
  /** core said no: `errors` by field path (`errorPrefix` added), core's notice, the whole answer */
  | { status: 'refused'; errors: Record<string, string>; notice?: Notice; answer: ActionAnswer<T> }
  /** the request did not go through (network, server error); `httpStatus` when the server answered */
  | { status: 'failed'; httpStatus?: number }

/** A record's field errors as messages by path (`prefix.` before each, for forms with several parts). */
export function fieldErrorsOf(
  record: { errors?: Record<string, { message?: string } | undefined> } | undefined,
  prefix = '',
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const [path, error] of Object.entries(record?.errors ?? {}))
    errors[`${prefix}${path}`] = error?.message ?? 'Invalid value'
  return errors
}

export interface SendOptions {
  /** default: the hook's action */
  actionName?: string
  /** default: the hook's record; `null` calls the resource action */
  recordId?: string | null
  /** posted when present (a GET otherwise) */
  data?: Record<string, unknown>
  params?: Record<string, string | number>
  /**
   * On success, hand the answer to AdminJS (its notice, its redirect: the page moves on and `busy`
   * stays on), as a form that is done does. `false`: the component shows the answer itself.
   */
  follow?: boolean
  /** prefix for field error paths (ticket-show: `reply.body`) */
  errorPrefix?: string
}

export function useRecordAction(target: { resourceId: string; recordId?: string; actionName?: string }) {
  const handleResponse = useActionResponseHandler()
  const addNotice = useNotice()
  const [busy, setBusy] = useState(false)

  const send = async <T = unknown>(options: SendOptions = {}): Promise<ActionOutcome<T>> => {
    const actionName = options.actionName ?? target.actionName ?? ''
    const recordId = options.recordId === undefined ? target.recordId : options.recordId
    const request = {
      resourceId: target.resourceId,
      actionName,
      ...(options.data ? { data: options.data, method: 'post' as const } : {}),
      ...(options.params ? { params: options.params } : {}),
    }
    setBusy(true)
    let response: Awaited<ReturnType<typeof adminApi.recordAction>>
    try {
      response = recordId
        ? await adminApi.recordAction({ ...request, recordId })
        : ((await adminApi.resourceAction(request)) as typeof response)
    } catch (error) {
      setBusy(false)
      const httpStatus = (error as { response?: { status?: number } })?.response?.status
      return httpStatus === undefined ? { status: 'failed' } : { status: 'failed', httpStatus }
    }
    const answer = response.data as ActionAnswer<T>
    const errors = fieldErrorsOf(answer.record, options.errorPrefix)
    if (answer.notice?.type === 'error' || Object.keys(errors).length) {
      setBusy(false)
      return answer.notice
        ? { status: 'refused', errors, notice: answer.notice, answer }
        : { status: 'refused', errors, answer }
    }
    if (options.follow === false) setBusy(false)
    // The hook reads `response.data` itself: it takes axios's whole response.
    else handleResponse(response as never)
    return { status: 'done', answer }
  }

  return { send, busy, setBusy, addNotice }
}
