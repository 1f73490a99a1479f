import { DomainError } from '../../shared'
import { RetryLaterError } from '../shared/errors'
import type { EventOutcome } from './apply-gateway-events'

/**
 * How an inbox row ends once its events were applied, whether by a delivery or by staff
 * processing it again: IGNORED when none of them changed anything (none at all included).
 */
export function inboxStatusFor(outcomes: readonly EventOutcome[]): 'PROCESSED' | 'IGNORED' {
  return outcomes.every((o) => o === 'ignored' || o === 'pending') ? 'IGNORED' : 'PROCESSED'
}

/** The error stored on a FAILED inbox row (and shown to staff), at most 2,000 characters. */
export function webhookFailureReason(error: unknown): string {
  const reason =
    error instanceof RetryLaterError
      ? `retry later: ${error.message}`
      : error instanceof DomainError
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error)
  return reason.slice(0, 2000)
}
