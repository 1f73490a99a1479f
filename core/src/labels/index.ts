// Words for billing cycles, the one source for core (invoice lines, messages), admin, the portal
// and emails. No imports: browser bundles load it as '@berth/core/labels' without pulling in
// Prisma or anything else of core. Keyed by the BillingCycle enum's values.

/** "Monthly", "Every 6 months": a cycle on its own (select options, tables, invoice lines). */
export const CYCLE_LABELS = {
  ONE_TIME: 'One-time',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SEMI_ANNUAL: 'Every 6 months',
  ANNUAL: 'Annually',
  BIENNIAL: 'Every 2 years',
  TRIENNIAL: 'Every 3 years',
} as const

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

/** The label of a cycle given as text (a loader's JSON); an unknown value is shown as it is. */
export function cycleLabel(cycle: string): string {
  return (CYCLE_LABELS as Record<string, string>)[cycle] ?? cycle
}
