// Words for billing cycles and service states. Shared by server and browser code: no imports.

export const CYCLE_LABEL: Record<string, string> = {
  ONE_TIME: 'One-time',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SEMI_ANNUAL: 'Every 6 months',
  ANNUAL: 'Annually',
  BIENNIAL: 'Every 2 years',
  TRIENNIAL: 'Every 3 years',
}

/** "/mo", "/yr"…: after a recurring price. */
export const CYCLE_SUFFIX: Record<string, string> = {
  ONE_TIME: ' once',
  MONTHLY: '/mo',
  QUARTERLY: '/quarter',
  SEMI_ANNUAL: '/6 months',
  ANNUAL: '/yr',
  BIENNIAL: '/2 years',
  TRIENNIAL: '/3 years',
}

/** "monthly", "every 6 months": inside a sentence. */
export const CYCLE_WORD: Record<string, string> = {
  ONE_TIME: 'once',
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SEMI_ANNUAL: 'every 6 months',
  ANNUAL: 'yearly',
  BIENNIAL: 'every 2 years',
  TRIENNIAL: 'every 3 years',
}

export const cycleLabel = (cycle: string) => CYCLE_LABEL[cycle] ?? cycle

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
