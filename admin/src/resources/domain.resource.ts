import {
  canRunStaffDomainAction,
  cancelDomain,
  retryDomainFulfilment,
  changeDomainRegistrar,
  registerDomain,
  releaseDomain,
  requestDomainRenewal,
  syncDomain,
  transferDomain,
  type StaffDomainAction,
} from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { addToRecord, recordAction } from '../actions/core-actions'
import { money } from '../catalog/pricing'
import { domainHistory, registrarChoices } from '../domains/domain-view'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

type DomainRow = {
  name: string
  currencyCode: string
  recurringAmount: bigint
  registrarData: unknown
  currency?: { exponent: number }
}

type Rec = { param: (path: string) => unknown } | undefined
/** Buttons follow core's one table of which action may run from which status (core checks it again). */
const may =
  (action: StaffDomainAction) =>
  ({ record }: { record?: Rec }) =>
    canRunStaffDomainAction(action, String(record?.param('status') ?? ''))

const STATUSES = [
  'PENDING',
  'PENDING_TRANSFER',
  'ACTIVE',
  'GRACE',
  'REDEMPTION',
  'EXPIRED',
  'CANCELLED',
  'TRANSFERRED_AWAY',
  'FRAUD',
]
const DAY_MS = 86_400_000
const insensitive = (value: string) => ({ contains: value, mode: 'insensitive' })

function lastErrorOf(registrarData: unknown): string | null {
  if (typeof registrarData === 'string') {
    try {
      return lastErrorOf(JSON.parse(registrarData))
    } catch {
      return null
    }
  }
  const error = (registrarData as { lastError?: unknown } | null)?.lastError
  return typeof error === 'string' ? error : null
}

/**
 * Domains (issue 12): the list with the filters staff work from (status, registrar, client,
 * expiring within 30 days, pending, failed = the registrar's last answer was an error), a show page
 * with the registrar calls and the audit trail, and the staff actions. Each action is one core use
 * case (domains.manage, row lock, status check, audit before/after); "Renew" asks for the renewal
 * invoice like the portal does (decision 0047), so nothing is renewed before it is paid.
 */
export const domainResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Domain',
    plainRelations: ['currency'],
    secretFields: ['eppCodeEnc'],
    include: { currency: { select: { exponent: true } } },
    virtuals: (row) => {
      const r = row as DomainRow
      return {
        recurring: money(r.recurringAmount, r.currencyCode, r.currency?.exponent ?? 2),
        lastError: lastErrorOf(r.registrarData),
      }
    },
    virtualFilters: {
      expiringWithinDays: (value) => {
        const days = Math.min(Math.max(Number.parseInt(value, 10) || 30, 1), 365)
        return {
          status: { in: ['ACTIVE', 'GRACE'] },
          expiryDate: { lte: new Date(Date.now() + days * DAY_MS) },
        }
      },
      isPending: (value) =>
        value === 'true'
          ? { status: { in: ['PENDING', 'PENDING_TRANSFER'] } }
          : value === 'false'
            ? { status: { notIn: ['PENDING', 'PENDING_TRANSFER'] } }
            : {},
      hasFailed: (value) =>
        value === 'true'
          ? { registrarData: { path: ['lastError'], not: 'null' } }
          : value === 'false'
            ? { NOT: { registrarData: { path: ['lastError'], not: 'null' } } }
            : {},
      title: (value) => ({ name: insensitive(value) }),
    },
  }),
  options: {
    navigation: { name: 'Domains', icon: 'Globe' },
    titleProperty: 'name',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['name', 'client', 'status', 'registrar', 'expiryDate', 'nextDueDate', 'isAutoRenew'],
    showProperties: [
      'lastError',
      'name',
      'status',
      'client',
      'registrar',
      'years',
      'registrationDate',
      'expiryDate',
      'nextDueDate',
      'recurring',
      'isAutoRenew',
      'nameservers',
      'isLocked',
      'hasIdProtection',
      'hasDnsManagement',
      'order',
      'registrarCalls',
      'auditTrail',
      'createdAt',
      'updatedAt',
    ],
    filterProperties: [
      'name',
      'status',
      'registrar',
      'client',
      'expiringWithinDays',
      'isPending',
      'hasFailed',
      'expiryDate',
    ],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isVisible: false },
      name: { isTitle: true },
      status: {
        components: { show: components.StatusBadge },
        availableValues: STATUSES.map((v) => ({ value: v, label: v.replace('_', ' ').toLowerCase() })),
      },
      registrar: { availableValues: registrarChoices() },
      expiryDate: { type: 'date' },
      nextDueDate: { type: 'date' },
      registrationDate: { type: 'date', components: { show: components.OptionalValue } },
      recurringAmount: { isVisible: false },
      firstPaymentAmount: { isVisible: false },
      registrarData: { isVisible: false },
      tld: { isVisible: false },
      recurring: { type: 'string', isSortable: false },
      lastError: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.ModuleErrorBanner },
      },
      expiringWithinDays: {
        type: 'string',
        isVisible: visibleIn('filter'),
        description: 'Active or in grace, expiring within this many days (e.g. 30).',
      },
      isPending: { type: 'boolean', isVisible: visibleIn('filter'), isSortable: false },
      hasFailed: { type: 'boolean', isVisible: visibleIn('filter'), isSortable: false },
      order: { components: { show: components.OptionalValue } },
      registrarCalls: {
        type: 'textarea',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.TextBlock },
      },
      auditTrail: {
        type: 'textarea',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.TextBlock },
      },
    },
    actions: guardActions('Domain', {
      show: { after: addToRecord(db, (ctx, id) => domainHistory(ctx, id)) },
      register: {
        actionType: 'record',
        icon: 'PlusCircle',
        component: components.RecordForm,
        isVisible: may('register'),
        custom: {
          question: 'Register this domain at its registrar now?',
          explanation:
            "For a paid registration that failed, or a domain given away: the registrar registers it for the domain's years with the client's contact. The invoice is not touched.",
          confirmLabel: 'Register',
        },
        handler: recordAction({
          db,
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The domain is registered.',
          run: async (ctx, id) =>
            (await registerDomain(ctx, { domainId: id })).state === 'waiting'
              ? 'The registrar needs a person: a staff task was opened.'
              : 'The domain is registered.',
        }),
      },
      transfer: {
        actionType: 'record',
        icon: 'LogIn',
        component: components.RecordForm,
        isVisible: may('transfer'),
        custom: {
          question: 'Start the transfer in now?',
          explanation:
            'Uses the EPP code the client gave at checkout unless you type a corrected one. The code is never logged.',
          confirmLabel: 'Transfer',
          fields: [
            {
              name: 'eppCode',
              label: 'EPP code',
              type: 'password',
              hint: 'Leave empty to use the code from checkout.',
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { eppCode: 'text' },
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The domain was transferred in.',
          run: async (ctx, id, input) =>
            (await transferDomain(ctx, { domainId: id, eppCode: input.eppCode || undefined })).state ===
            'waiting'
              ? 'The transfer is waiting on the registrar or a person: a staff task follows it.'
              : 'The domain was transferred in.',
        }),
      },
      renew: {
        actionType: 'record',
        icon: 'RefreshCw',
        component: components.RecordForm,
        isVisible: ({ record }) =>
          ['ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED'].includes(String(record?.param('status') ?? '')),
        custom: {
          question: 'Renew this domain',
          explanation:
            'Creates the renewal invoice (with the grace or redemption fee when late); the registrar renews it when the invoice is paid. To renew as a goodwill gesture, mark that invoice paid.',
          confirmLabel: 'Create renewal invoice',
          fields: [{ name: 'years', label: 'Years', type: 'select', required: true }],
        },
        handler: recordAction({
          db,
          fields: { years: 'text' },
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The renewal invoice was created.',
          load: async () => ({
            options: {
              years: Array.from({ length: 10 }, (_, i) => ({
                value: String(i + 1),
                label: `${i + 1} year${i ? 's' : ''}`,
              })),
            },
          }),
          run: async (ctx, id, input) => {
            const r = await requestDomainRenewal(ctx, { domainId: id, years: input.years })
            return r.isExisting
              ? `The renewal invoice ${r.invoiceNumber ?? ''} was already waiting for payment.`
              : `The renewal invoice ${r.invoiceNumber ?? ''} was created.`
          },
        }),
      },
      retryFulfilment: {
        actionType: 'record',
        icon: 'RotateCcw',
        component: components.RecordForm,
        // Only where the registrar refused a paid registration, transfer or renewal.
        isVisible: ({ record }) => Boolean(record?.param('lastError')),
        custom: {
          question: 'Retry the paid order at the registrar?',
          explanation:
            "Runs the registration, transfer or renewal the client paid for again now (the job retries on its own too). Fix the cause first, e.g. the nameservers or the registrar's settings.",
          confirmLabel: 'Retry now',
        },
        handler: recordAction({
          db,
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The registrar did what was paid for.',
          run: async (ctx, id) => {
            const r = await retryDomainFulfilment(ctx, { domainId: id })
            return r.state === 'waiting'
              ? 'The registrar needs a person: a staff task was opened.'
              : r.state === 'done'
                ? `Done: the domain's ${r.action} went through; it expires ${r.expiryDate.toISOString().slice(0, 10)}.`
                : 'Nothing was waiting at the registrar.'
          },
        }),
      },
      sync: {
        actionType: 'record',
        icon: 'RotateCw',
        component: components.RecordForm,
        isVisible: may('sync'),
        custom: {
          question: 'Read this domain back from its registrar?',
          explanation:
            'Expiry, nameservers and lock as the registry has them; a lapsed domain renewed at the registry becomes active again.',
          confirmLabel: 'Sync',
        },
        handler: recordAction({
          db,
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The domain was synced.',
          run: async (ctx, id) => {
            const r = await syncDomain(ctx, { domainId: id })
            return `Synced: ${r.status.toLowerCase()}, expires ${r.expiryDate.toISOString().slice(0, 10)}.`
          },
        }),
      },
      changeRegistrar: {
        actionType: 'record',
        icon: 'Shuffle',
        component: components.RecordForm,
        isVisible: may('changeRegistrar'),
        custom: {
          question: 'Change the registrar on record',
          explanation:
            'Only Berth’s record changes (later calls go to the new registrar); the domain itself is not transferred. Sync it afterwards.',
          confirmLabel: 'Change registrar',
          fields: [{ name: 'registrar', label: 'Registrar', type: 'select', required: true }],
        },
        handler: recordAction({
          db,
          fields: { registrar: 'text' },
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The registrar was changed.',
          load: async () => ({ options: { registrar: registrarChoices() } }),
          run: async (ctx, id, input) =>
            void (await changeDomainRegistrar(ctx, { domainId: id, registrar: input.registrar })),
        }),
      },
      release: {
        actionType: 'record',
        icon: 'LogOut',
        component: components.RecordForm,
        isVisible: may('release'),
        custom: {
          question: 'Release this domain?',
          explanation:
            'Marks it transferred away (the client moved it to another registrar): Berth stops renewing and reminding.',
          confirmLabel: 'Release',
          variant: 'danger',
          fields: [{ name: 'reason', label: 'Reason', type: 'textarea' }],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The domain was released.',
          run: async (ctx, id, input) =>
            void (await releaseDomain(ctx, { domainId: id, reason: input.reason || undefined })),
        }),
      },
      cancel: {
        actionType: 'record',
        icon: 'XCircle',
        component: components.RecordForm,
        isVisible: may('cancel'),
        custom: {
          question: 'Mark this domain cancelled?',
          explanation:
            'Berth stops billing and reminding; the registry keeps the domain until it expires there.',
          confirmLabel: 'Mark cancelled',
          variant: 'danger',
          fields: [{ name: 'reason', label: 'Reason', type: 'textarea' }],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The domain was marked cancelled.',
          run: async (ctx, id, input) =>
            void (await cancelDomain(ctx, { domainId: id, reason: input.reason || undefined })),
        }),
      },
    }),
  },
})
