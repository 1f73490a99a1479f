// Words for service and order states. Shared by server and browser code: the cycle words come from
// core's browser-safe labels module (one source for portal, admin and emails), nothing else is imported.
import { CYCLE_LABELS } from '@berth/core/labels'

export { CYCLE_SUFFIX, CYCLE_WORD, cycleLabel } from '@berth/core/labels'

/** Cycle labels looked up by a loader's cycle text (unknown keys give undefined). */
export const CYCLE_LABEL: Record<string, string> = CYCLE_LABELS

const SERVICE_STATUS: Record<string, { label: string; tone: string }> = {
  PENDING: { label: 'Pending', tone: 'warn' },
  ACTIVE: { label: 'Active', tone: 'ok' },
  SUSPENDED: { label: 'Suspended', tone: 'danger' },
  TERMINATED: { label: 'Terminated', tone: 'muted' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  FRAUD: { label: 'Cancelled', tone: 'muted' },
}

export function serviceStatus(status: string): { label: string; tone: string } {
  return SERVICE_STATUS[status] ?? { label: status.toLowerCase(), tone: 'muted' }
}

const ORDER_STATUS: Record<string, { label: string; tone: string }> = {
  PENDING: { label: 'Pending', tone: 'warn' },
  ACTIVE: { label: 'Active', tone: 'ok' },
  FRAUD: { label: 'Cancelled', tone: 'muted' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
}

export function orderStatus(status: string): { label: string; tone: string } {
  return ORDER_STATUS[status] ?? { label: status.toLowerCase(), tone: 'muted' }
}

/** The product types' words in the store. */
export const PRODUCT_TYPE: Record<string, string> = {
  SHARED_HOSTING: 'Shared hosting',
  RESELLER: 'Reseller hosting',
  VPS: 'Virtual server',
  DEDICATED: 'Dedicated server',
  SAAS: 'Software',
  OTHER: 'Service',
}

/** The form field of a configurable option: `options.<optionId>`, core's own field name. */
export const optionField = (optionId: string) => `options.${optionId}`

/** A configuration form's refill values (`options.<id>`, `addonIds` comma-joined) → its parts. */
export function configurationFromValues(values: Record<string, string>) {
  const options: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) if (k.startsWith('options.')) options[k.slice(8)] = v
  return {
    cycle: values.cycle ?? '',
    options,
    addonIds: (values.addonIds ?? '').split(',').filter(Boolean),
    domain: values.domain ?? '',
  }
}
