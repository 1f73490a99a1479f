import { z } from 'zod'

/**
 * Every email Berth sends: its props schema, subject, which props are secrets (one-time links and
 * codes, redacted in the email log) and example props for previews and tests.
 */
export interface TemplateDefinition<P extends z.ZodType> {
  props: P
  subject: (props: z.output<P>) => string
  secretProps: readonly (keyof z.output<P>)[]
  example: z.input<P>
}

function define<P extends z.ZodType>(def: TemplateDefinition<P>): TemplateDefinition<P> {
  return def
}

export const TEMPLATES = {
  'verify-email': define({
    props: z.object({
      firstName: z.string(),
      email: z.string(),
      verifyUrl: z.string().url(),
      expiresInHours: z.number().int(),
    }),
    subject: () => 'Confirm your email address',
    secretProps: ['verifyUrl'],
    example: {
      firstName: 'Ada',
      email: 'ada@example.com',
      verifyUrl: 'https://portal.example.com/verify-email?token=abc',
      expiresInHours: 48,
    },
  }),
  'password-reset': define({
    props: z.object({
      firstName: z.string(),
      resetUrl: z.string().url(),
      expiresInMinutes: z.number().int(),
    }),
    subject: () => 'Reset your password',
    secretProps: ['resetUrl'],
    example: {
      firstName: 'Ada',
      resetUrl: 'https://portal.example.com/reset-password?token=abc',
      expiresInMinutes: 60,
    },
  }),
  'email-changed': define({
    props: z.object({ firstName: z.string(), newEmail: z.string() }),
    subject: () => 'Your email address was changed',
    secretProps: [],
    example: { firstName: 'Ada', newEmail: 'ada.new@example.com' },
  }),
  'password-changed': define({
    props: z.object({ firstName: z.string(), viaReset: z.boolean() }),
    subject: () => 'Your password was changed',
    secretProps: [],
    example: { firstName: 'Ada', viaReset: false },
  }),
  // Billing. Amounts arrive formatted ("$12.34"): templates never do money arithmetic.
  'invoice-created': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      issueDate: z.string(),
      dueDate: z.string(),
      total: z.string(),
      balance: z.string(),
      isPaid: z.boolean(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Invoice ${p.invoiceNumber}${p.isPaid ? ' (paid)' : `: ${p.balance} due ${p.dueDate}`}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      issueDate: 'Nov 24, 2026',
      dueDate: 'Dec 8, 2026',
      total: '$120.00',
      balance: '$120.00',
      isPaid: false,
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'payment-receipt': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      amount: z.string(),
      paidOn: z.string(),
      method: z.string(),
      reference: z.string(),
      balance: z.string(),
      isPaid: z.boolean(),
      creditAdded: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Payment received: ${p.amount} for invoice ${p.invoiceNumber}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      amount: '$120.00',
      paidOn: 'Nov 24, 2026',
      method: 'Stripe',
      reference: 'pi_3Q0abc',
      balance: '$0.00',
      isPaid: true,
      creditAdded: '',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'payment-failed': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      amount: z.string(),
      method: z.string(),
      reason: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Payment failed for invoice ${p.invoiceNumber}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      amount: '$120.00',
      method: 'Stripe',
      reason: 'Your card was declined.',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'refund-issued': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      amount: z.string(),
      method: z.string(),
      toCredit: z.boolean(),
      reason: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Refund of ${p.amount} for invoice ${p.invoiceNumber}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      amount: '$20.00',
      method: 'Stripe',
      toCredit: false,
      reason: 'Downtime on Nov 20',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'credit-added': define({
    props: z.object({
      firstName: z.string(),
      amount: z.string(),
      balance: z.string(),
      reason: z.string(),
      billingUrl: z.string().url(),
    }),
    subject: (p) => `${p.amount} added to your account credit`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      amount: '$50.00',
      balance: '$75.00',
      reason: 'Goodwill credit',
      billingUrl: 'https://portal.example.com/billing/transactions',
    },
  }),
  // The daily run's dunning (core/src/automation): sent at most once per invoice and kind.
  'payment-reminder': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      dueDate: z.string(),
      balance: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Reminder: invoice ${p.invoiceNumber} is due ${p.dueDate}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      dueDate: 'Dec 8, 2026',
      balance: '$120.00',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'overdue-notice': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      dueDate: z.string(),
      balance: z.string(),
      noticeNumber: z.number().int().min(1).max(3),
      isFinal: z.boolean(),
      suspensionDate: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) =>
      `${p.isFinal ? 'Final notice' : `Overdue notice ${p.noticeNumber}`}: invoice ${p.invoiceNumber} is overdue`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      dueDate: 'Dec 8, 2026',
      balance: '$120.00',
      noticeNumber: 1,
      isFinal: false,
      suspensionDate: 'Dec 15, 2026',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  // The daily run's advance warning, `billing.terminationWarningDays` before a suspended service is
  // terminated for non-payment (once per service and suspension: ServiceNotice).
  'termination-warning': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      invoiceNumber: z.string(),
      dueDate: z.string(),
      balance: z.string(),
      terminationDate: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) =>
      `${p.productName}${p.domain ? ` (${p.domain})` : ''} will be terminated on ${p.terminationDate}: invoice ${p.invoiceNumber} is unpaid`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'VPS 4 GB',
      domain: 'example.com',
      invoiceNumber: 'INV-2026-00042',
      dueDate: 'Nov 20, 2026',
      balance: '$120.00',
      terminationDate: 'Dec 15, 2026',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  // The daily run's summary for billing staff (`automation.summaryRecipients`), once per run date
  // (BillingRunSummary). Counts only, amounts per currency and the failed items' reasons: no client
  // data beyond what a failure reason names.
  'billing-run-summary': define({
    props: z.object({
      firstName: z.string(),
      runDate: z.string(),
      invoicesCreated: z.number().int().min(0),
      invoicedByCurrency: z.array(
        z.object({ currency: z.string(), invoices: z.number().int().min(0), amount: z.string() }),
      ),
      remindersSent: z.number().int().min(0),
      noticesSent: z.number().int().min(0),
      lateFees: z.number().int().min(0),
      suspended: z.number().int().min(0),
      terminationWarnings: z.number().int().min(0),
      terminated: z.number().int().min(0),
      ordersCancelled: z.number().int().min(0),
      failureCount: z.number().int().min(0),
      failures: z.array(z.object({ step: z.string(), reason: z.string() })).max(50),
      runUrl: z.string().url(),
    }),
    subject: (p) =>
      `Billing run ${p.runDate}: ${p.invoicesCreated} invoice(s)${p.failureCount ? `, ${p.failureCount} failed` : ''}`,
    secretProps: [],
    example: {
      firstName: 'Grace',
      runDate: 'Dec 4, 2026',
      invoicesCreated: 3,
      invoicedByCurrency: [
        { currency: 'EUR', invoices: 1, amount: '€30.00' },
        { currency: 'USD', invoices: 2, amount: '$240.00' },
      ],
      remindersSent: 4,
      noticesSent: 2,
      lateFees: 1,
      suspended: 1,
      terminationWarnings: 1,
      terminated: 0,
      ordersCancelled: 0,
      failureCount: 1,
      failures: [{ step: 'renewal-invoices', reason: 'the client in EUR has a service in USD' }],
      runUrl: 'https://admin.example.com/admin/pages/billingRun',
    },
  }),
  'late-fee-added': define({
    props: z.object({
      firstName: z.string(),
      invoiceNumber: z.string(),
      dueDate: z.string(),
      fee: z.string(),
      balance: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Late fee of ${p.fee} added to invoice ${p.invoiceNumber}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      invoiceNumber: 'INV-2026-00042',
      dueDate: 'Dec 8, 2026',
      fee: '$12.00',
      balance: '$132.00',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  // Services and orders. Amounts and dates arrive formatted; `domain` is '' when there is none.
  welcome: define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      username: z.string(),
      password: z.string(),
      serverHost: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `Your ${p.productName} is ready`,
    secretProps: ['password'],
    example: {
      firstName: 'Ada',
      productName: 'VPS 4 GB',
      domain: 'vps1.example.com',
      username: 'ada42',
      password: 'Xk2-9fQ!mP',
      serverHost: 'node3.berth.test',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'service-suspended': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      reason: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `${p.productName}${p.domain ? ` (${p.domain})` : ''} is suspended`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      reason: 'Overdue invoice INV-2026-00042',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'service-unsuspended': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `${p.productName}${p.domain ? ` (${p.domain})` : ''} is active again`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'service-terminated': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      servicesUrl: z.string().url(),
    }),
    subject: (p) => `${p.productName}${p.domain ? ` (${p.domain})` : ''} has been terminated`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      servicesUrl: 'https://portal.example.com/services',
    },
  }),
  'order-confirmation': define({
    props: z.object({
      firstName: z.string(),
      orderNumber: z.string(),
      items: z.array(z.object({ description: z.string(), amount: z.string() })).min(1),
      total: z.string(),
      invoiceNumber: z.string(),
      invoiceUrl: z.string().url(),
    }),
    subject: (p) => `Order #${p.orderNumber} received`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      orderNumber: '1042',
      items: [
        { description: 'VPS 4 GB (monthly)', amount: '$24.00' },
        { description: 'Daily backups', amount: '$4.00' },
      ],
      total: '$28.00',
      invoiceNumber: 'INV-2026-00042',
      invoiceUrl: 'https://portal.example.com/invoices/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'cancellation-requested': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      isImmediate: z.boolean(),
      effectiveDate: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `Cancellation of ${p.productName}${p.domain ? ` (${p.domain})` : ''}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      isImmediate: false,
      effectiveDate: 'Dec 24, 2026',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'cancellation-approved': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      isImmediate: z.boolean(),
      effectiveDate: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `Cancellation approved: ${p.productName}${p.domain ? ` (${p.domain})` : ''}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      isImmediate: false,
      effectiveDate: 'Dec 24, 2026',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'cancellation-rejected': define({
    props: z.object({
      firstName: z.string(),
      productName: z.string(),
      domain: z.string(),
      reason: z.string(),
      serviceUrl: z.string().url(),
    }),
    subject: (p) => `Your cancellation request for ${p.productName}${p.domain ? ` (${p.domain})` : ''}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      productName: 'Shared Hosting Pro',
      domain: 'example.com',
      reason: 'The contract runs for twelve months; it can be cancelled from June 1.',
      serviceUrl: 'https://portal.example.com/services/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  // Support tickets (client side). Excerpts are plain text (Markdown stripped), escaped by the template.
  // ticket-opened goes to the client and, as a staff copy, to the department's address.
  'ticket-opened': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      departmentName: z.string(),
      clientName: z.string(),
      isStaffCopy: z.boolean(),
      excerpt: z.string(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] ${p.isStaffCopy ? 'New ticket: ' : ''}${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      ticketNumber: 'KQZ-482913',
      subject: 'Mail not arriving',
      departmentName: 'Technical Support',
      clientName: 'Ada Lovelace',
      isStaffCopy: false,
      excerpt: 'Since this morning no mail reaches our mailboxes.',
      ticketUrl: 'https://portal.example.com/tickets/KQZ-482913',
    },
  }),
  // To the ticket's assignee, or the department's address when nobody is assigned.
  'ticket-client-reply': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      clientName: z.string(),
      excerpt: z.string(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] ${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Sam',
      ticketNumber: 'KQZ-482913',
      subject: 'Mail not arriving',
      clientName: 'Ada Lovelace',
      excerpt: 'Thanks, it works again.',
      ticketUrl: 'https://admin.example.com/admin/resources/Ticket/records/0191f3a0/show',
    },
  }),
  // Support desk (staff side). Excerpts are plain text (Markdown stripped), escaped by the template.
  'ticket-staff-reply': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      staffName: z.string(),
      excerpt: z.string(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] ${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      ticketNumber: '482913',
      subject: 'Mail not arriving',
      staffName: 'Sam from Support',
      excerpt: 'We found the cause: your MX record pointed at the old server. It is fixed now.',
      ticketUrl: 'https://portal.example.com/tickets/482913',
    },
  }),
  'ticket-closed': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      isAutomatic: z.boolean(),
      idleDays: z.number().int(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] Closed: ${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      ticketNumber: '482913',
      subject: 'Mail not arriving',
      isAutomatic: true,
      idleDays: 7,
      ticketUrl: 'https://portal.example.com/tickets/482913',
    },
  }),
  'ticket-assigned': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      assignedBy: z.string(),
      clientName: z.string(),
      departmentName: z.string(),
      priority: z.string(),
      excerpt: z.string(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] Assigned to you: ${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Sam',
      ticketNumber: '482913',
      subject: 'Mail not arriving',
      assignedBy: 'Alex Lead',
      clientName: 'Test Co',
      departmentName: 'Technical',
      priority: 'High',
      excerpt: 'Since this morning no mail reaches our mailboxes.',
      ticketUrl: 'https://admin.example.com/admin/resources/Ticket/records/0191f3a0/show',
    },
  }),
  'ticket-unanswered': define({
    props: z.object({
      firstName: z.string(),
      ticketNumber: z.string(),
      subject: z.string(),
      clientName: z.string(),
      departmentName: z.string(),
      priority: z.string(),
      hoursWaiting: z.number().int(),
      excerpt: z.string(),
      ticketUrl: z.string().url(),
    }),
    subject: (p) => `[Ticket #${p.ticketNumber}] Waiting ${p.hoursWaiting} hours: ${p.subject}`,
    secretProps: [],
    example: {
      firstName: 'Sam',
      ticketNumber: '482913',
      subject: 'Mail not arriving',
      clientName: 'Test Co',
      departmentName: 'Technical',
      priority: 'High',
      hoursWaiting: 26,
      excerpt: 'Since this morning no mail reaches our mailboxes.',
      ticketUrl: 'https://admin.example.com/admin/resources/Ticket/records/0191f3a0/show',
    },
  }),
  // Domains (issue 12). The EPP (transfer) code is a secret: redacted in the email log.
  'domain-epp-code': define({
    props: z.object({
      firstName: z.string(),
      domain: z.string(),
      eppCode: z.string(),
      requestedBy: z.string(),
      requestedFrom: z.string(),
      domainUrl: z.string().url(),
    }),
    subject: (p) => `Transfer (EPP) code for ${p.domain}`,
    secretProps: ['eppCode'],
    example: {
      firstName: 'Ada',
      domain: 'example.com',
      eppCode: 'Xk3-9qLm#7vP',
      requestedBy: 'Ada Lovelace',
      requestedFrom: '192.0.2.10',
      domainUrl: 'https://portal.example.com/domains/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  'domain-renewal-reminder': define({
    props: z.object({
      firstName: z.string(),
      domain: z.string(),
      expiryDate: z.string(),
      /** whole days until expiry; after it, the days since as a positive number with isExpired */
      days: z.number().int().min(0),
      isExpired: z.boolean(),
      isAutoRenew: z.boolean(),
      domainUrl: z.string().url(),
    }),
    subject: (p) =>
      p.isExpired
        ? `${p.domain} expired on ${p.expiryDate}: renew it before it is lost`
        : `${p.domain} expires on ${p.expiryDate}`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      domain: 'example.com',
      expiryDate: 'Dec 18, 2026',
      days: 14,
      isExpired: false,
      isAutoRenew: true,
      domainUrl: 'https://portal.example.com/domains/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
  // Sent when a domain's transfer lock is turned off: the step before it can be moved away.
  'domain-unlocked': define({
    props: z.object({
      firstName: z.string(),
      domain: z.string(),
      requestedBy: z.string(),
      requestedFrom: z.string(),
      domainUrl: z.string().url(),
    }),
    subject: (p) => `${p.domain} is unlocked for transfer`,
    secretProps: [],
    example: {
      firstName: 'Ada',
      domain: 'example.com',
      requestedBy: 'Ada Lovelace',
      requestedFrom: '192.0.2.10',
      domainUrl: 'https://portal.example.com/domains/0191f3a0-0000-7000-8000-000000000000',
    },
  }),
} as const

export type TemplateName = keyof typeof TEMPLATES
export type TemplateProps<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]['props']>

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[]

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name)
}

export const REDACTED = '[redacted]'

/** The props with every secret replaced, as the email log keeps them. */
export function redactProps(name: TemplateName, props: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set<string>(TEMPLATES[name].secretProps as readonly string[])
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(props)) out[k] = secrets.has(k) ? REDACTED : v
  return out
}
