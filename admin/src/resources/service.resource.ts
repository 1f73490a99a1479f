import { NotFoundError, type ActionContext, type ActionRequest, type RecordActionResponse } from 'adminjs'
import {
  activateService,
  cancelPackageChange,
  cancelService,
  changeBillingCycle,
  changeNextDueDate,
  changePackage,
  CYCLE_LABELS,
  DomainError,
  getCurrency,
  getService,
  loadOrderableProduct,
  retryModuleCall,
  suspendService,
  terminateService,
  unsuspendService,
  type Ctx,
  type TransitionRequested,
} from '@berth/core'
import type { BillingCycle, Db } from '@berth/prisma'
import { flat } from 'adminjs'
import { BerthResource } from '../adapter/berth-resource'
import { addToRecord, recordAction, toAdminError } from '../actions/core-actions'
import { money } from '../actions/money'
import { ACTION_DATA, jsonValue, withData } from '../actions/record-data'
import { ctxFor } from '../auth/current-admin'
import { packageChoices, packagePreview, serviceDetail } from '../catalog/service-view'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

type ServiceRow = {
  domain: string | null
  currencyCode: string
  recurringAmount: bigint
  firstPaymentAmount: bigint
  billingCycle: string
  product?: { name: string }
  currency?: { exponent: number }
}

type Rec = { param: (path: string) => unknown } | undefined
const status = (record: Rec) => String(record?.param('status') ?? '')
const isLive = (record: Rec) => ['PENDING', 'ACTIVE', 'SUSPENDED'].includes(status(record))
const isRecurring = (record: Rec) => record?.param('billingCycle') !== 'ONE_TIME'

/** What staff are told after a transition: done now, or requested from the module. */
function transitionMessage(r: TransitionRequested, verb: string, done: string): string {
  return r.state === 'queued'
    ? `Requested from the provisioning module: the service will be ${verb} when the module succeeds. Follow it in the module log below.`
    : done
}

const RECURRING: BillingCycle[] = ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL', 'BIENNIAL', 'TRIENNIAL']

/** The cycles the service's product is offered on in its currency, with the price, for the cycle picker. */
async function cycleChoices(ctx: Ctx, id: string) {
  const service = await getService(ctx, id)
  const product = await loadOrderableProduct(ctx.db, service.productId, service.currency)
  const { exponent } = await getCurrency(ctx.db, service.currency)
  const options = RECURRING.filter((c) => product?.prices[c] && c !== service.billingCycle).map((c) => ({
    value: c,
    label: `${CYCLE_LABELS[c]} · ${money(product!.prices[c]!.amount, { code: service.currency, exponent })} (product price, before options)`,
  }))
  return {
    summary: [
      `Now billed ${CYCLE_LABELS[service.billingCycle as BillingCycle].toLowerCase()}: ${money(service.recurringAmount, { code: service.currency, exponent })}.`,
      'The new price is read from the catalog with the same options; it applies from the next due date, which does not move.',
    ],
    options: { cycle: options },
  }
}

/** The failed call a "Retry" means: the one named, else the service's latest failed one. */
async function callToRetry(ctx: Ctx, serviceId: string, moduleCallId: unknown): Promise<string> {
  if (typeof moduleCallId === 'string' && moduleCallId) {
    const call = /^[0-9a-f-]{36}$/i.test(moduleCallId)
      ? await ctx.db.moduleCall.findFirst({ where: { id: moduleCallId, serviceId }, select: { id: true } })
      : null
    if (!call) throw new DomainError('NOT_FOUND', 'This module call is not part of this service.')
    return call.id
  }
  const latest = await ctx.db.moduleCall.findFirst({
    where: { serviceId, success: false, action: { not: 'testConnection' } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  })
  if (!latest) throw new DomainError('INVALID_TRANSITION', 'This service has no failed module call to retry.')
  return latest.id
}

async function retrySummary(ctx: Ctx, id: string) {
  const call = await ctx.db.moduleCall.findFirst({
    where: { serviceId: id, success: false, action: { not: 'testConnection' } },
    orderBy: { createdAt: 'desc' },
    select: { action: true, attempt: true, error: true, createdAt: true, module: true },
  })
  return {
    summary: call
      ? [
          `Last failed call: ${call.module} ${call.action} (attempt ${call.attempt}) on ${call.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
          `Error: ${call.error ?? 'unknown'}`,
          'It runs again with the same idempotency key, so a host that already did the work can recognise it.',
        ]
      : ['This service has no failed module call.'],
  }
}

/**
 * Change package (ChangePackage component): GET answers the products the service may move to,
 * POST `step=preview` answers core's previewPackageChange (the prorated amount, nothing written),
 * POST `step=confirm` asks for it with the amount staff saw (PRICE_CHANGED if it moved since): an
 * upgrade that costs money waits for its invoice, anything else applies at once;
 * POST `step=cancel-pending` cancels the change waiting for payment, with its invoice.
 */
function changePackageHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse & { choices?: unknown; preview?: unknown }> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'changePackage')
    const id = String(record.id())
    const ctx = ctxFor(db, request)
    const json = record.toJSON(context.currentAdmin)
    try {
      if (request.method !== 'post') {
        const choices = jsonValue(await packageChoices(ctx, id))
        return { record: withData(json, ACTION_DATA, choices), choices }
      }
      const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(request.payload ?? {})
      const options = Object.fromEntries(
        Object.entries((data.options ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
      )
      const input = { serviceId: id, productId: String(data.productId ?? ''), options }
      if (data.step === 'preview') return { record: json, preview: await packagePreview(ctx, input) }
      if (data.step === 'cancel-pending') {
        await cancelPackageChange(ctx, { serviceId: id })
        return {
          record: json,
          redirectUrl: context.h.recordActionUrl({
            resourceId: context.resource.id(),
            recordId: id,
            actionName: 'show',
          }),
          notice: {
            message: 'The pending package change was cancelled, and its invoice with it.',
            type: 'success',
          },
        }
      }
      const expected = String(data.expectedAmount ?? '')
      if (!/^-?\d+$/.test(expected))
        throw new DomainError(
          'VALIDATION_FAILED',
          'Preview the change first: the prorated amount must be confirmed.',
          { field: 'productId' },
        )
      const result = await changePackage(ctx, { ...input, expectedAmount: expected })
      const reloaded = await context.resource.findOne(id, context)
      return {
        record: (reloaded ?? record).toJSON(context.currentAdmin),
        redirectUrl: context.h.recordActionUrl({
          resourceId: context.resource.id(),
          recordId: id,
          actionName: 'show',
        }),
        notice: {
          message:
            result.status === 'PENDING'
              ? `The change to ${result.newProduct.name} waits for its invoice: it applies when the invoice is paid, and expires with it unpaid.`
              : `The service moved to ${result.newProduct.name}.${result.credit ? " The client's credit for the rest of the period was added to the account." : ''}`,
          type: 'success',
        },
      }
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
  }
}

const insensitive = (value: string) => ({ contains: value, mode: 'insensitive' })

/**
 * Services: one product a client has, through its lifecycle. Every transition is core's (the
 * transition table refuses illegal ones with a sentence); a module-backed one is queued and lands
 * when the module succeeds. The page shows the module's last error first, then options, addons,
 * login details (no password), the module call log and open staff tasks.
 */
export const serviceResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Service',
    plainRelations: ['currency'],
    secretFields: ['passwordEnc', 'moduleData'],
    include: { product: { select: { name: true } }, currency: { select: { exponent: true } } },
    virtuals: (row) => {
      const r = row as ServiceRow
      const e = r.currency?.exponent ?? 2
      return {
        title: `${r.product?.name ?? 'Service'}${r.domain ? ` · ${r.domain}` : ''}`,
        recurring:
          r.billingCycle === 'ONE_TIME'
            ? '—'
            : money(r.recurringAmount, { code: r.currencyCode, exponent: e }),
        firstPayment: money(r.firstPaymentAmount, { code: r.currencyCode, exponent: e }),
      }
    },
    virtualFilters: {
      hasModuleError: (value) =>
        value === 'true'
          ? { lastModuleError: { not: null } }
          : value === 'false'
            ? { lastModuleError: null }
            : {},
      title: (value) => ({ OR: [{ domain: insensitive(value) }, { product: { name: insensitive(value) } }] }),
    },
  }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['client', 'product', 'status', 'billingCycle', 'recurring', 'nextDueDate', 'domain'],
    showProperties: [
      'lastModuleError',
      'status',
      'client',
      'product',
      'domain',
      'billingCycle',
      'recurring',
      'firstPayment',
      'registrationDate',
      'nextDueDate',
      'order',
      'server',
      'promotion',
      'promotionCyclesRemaining',
      'suspensionReason',
      'terminationDate',
      'detail',
      'notes',
      'createdAt',
      'updatedAt',
    ],
    filterProperties: [
      'status',
      'client',
      'product',
      'billingCycle',
      'domain',
      'nextDueDate',
      'hasModuleError',
      'order',
      'server',
    ],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isVisible: false },
      status: {
        components: { list: components.ServiceStatus, show: components.StatusBadge },
        availableValues: ['PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'CANCELLED', 'FRAUD'].map((v) => ({
          value: v,
          label: v.charAt(0) + v.slice(1).toLowerCase(),
        })),
      },
      billingCycle: {
        availableValues: Object.entries(CYCLE_LABELS).map(([value, label]) => ({ value, label })),
        components: { list: components.ValueLabel, show: components.ValueLabel },
      },
      recurring: { type: 'string', isSortable: false },
      firstPayment: { type: 'string', isSortable: false },
      registrationDate: { type: 'date' },
      nextDueDate: { type: 'date' },
      nextInvoiceDate: { type: 'date', isVisible: false },
      terminationDate: { type: 'date', components: { show: components.OptionalValue } },
      recurringAmount: { isVisible: false },
      firstPaymentAmount: { isVisible: false },
      lastModuleError: {
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.ModuleErrorBanner },
      },
      hasModuleError: { type: 'boolean', isVisible: visibleIn('filter'), isSortable: false },
      suspensionReason: { isVisible: visibleIn('show'), components: { show: components.OptionalValue } },
      notes: {
        type: 'textarea',
        isVisible: visibleIn('show'),
        components: { show: components.OptionalValue },
      },
      order: { components: { show: components.OptionalValue } },
      server: { components: { show: components.OptionalValue } },
      promotion: { components: { show: components.OptionalValue } },
      promotionCyclesRemaining: { components: { show: components.OptionalValue } },
      detail: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.ServiceDetails },
      },
    },
    actions: guardActions('Service', {
      show: {
        after: addToRecord(db, 'detail', (ctx, id) => serviceDetail(ctx, id)),
      },
      activate: {
        actionType: 'record',
        icon: 'Play',
        component: components.RecordForm,
        isVisible: ({ record }) => status(record) === 'PENDING',
        custom: {
          question: 'Activate (create) this service?',
          explanation:
            "The product's provisioning module sets the service up; the client gets the welcome email with the login details when it succeeds.",
          confirmLabel: 'Activate',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) =>
            transitionMessage(
              await activateService(ctx, { serviceId: id }),
              'active',
              'The service is active.',
            ),
          successMessage: (message) => message || 'The service is active.',
        }),
      },
      suspend: {
        actionType: 'record',
        icon: 'PauseCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => status(record) === 'ACTIVE',
        custom: {
          question: 'Suspend this service?',
          explanation:
            'The module suspends it and the client is emailed the reason. Unsuspend it later to restore it.',
          confirmLabel: 'Suspend',
          variant: 'danger',
          fields: [
            {
              name: 'reason',
              label: 'Reason',
              type: 'textarea',
              required: true,
              hint: 'Told to the client, e.g. "Abuse report #42".',
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          run: async (ctx, id, input) =>
            transitionMessage(
              await suspendService(ctx, { serviceId: id, reason: input.reason ?? '' }),
              'suspended',
              'The service was suspended.',
            ),
          successMessage: (message) => message || 'The service was suspended.',
        }),
      },
      unsuspend: {
        actionType: 'record',
        icon: 'PlayCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => status(record) === 'SUSPENDED',
        custom: {
          question: 'Unsuspend this service?',
          explanation: 'The module restores it and the client is emailed.',
          confirmLabel: 'Unsuspend',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) =>
            transitionMessage(
              await unsuspendService(ctx, { serviceId: id }),
              'active again',
              'The service was unsuspended.',
            ),
          successMessage: (message) => message || 'The service was unsuspended.',
        }),
      },
      terminate: {
        actionType: 'record',
        parent: 'End…',
        icon: 'Trash',
        component: components.RecordForm,
        isVisible: ({ record }) => ['ACTIVE', 'SUSPENDED'].includes(status(record)),
        custom: {
          question: 'Terminate this service?',
          explanation:
            'The module deletes the account and its data on the host; the client is emailed. This is final: a terminated service cannot come back.',
          confirmLabel: 'Terminate',
          variant: 'danger',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) =>
            transitionMessage(
              await terminateService(ctx, { serviceId: id }),
              'terminated',
              'The service was terminated.',
            ),
          successMessage: (message) => message || 'The service was terminated.',
        }),
      },
      cancel: {
        actionType: 'record',
        parent: 'End…',
        icon: 'XCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => isLive(record),
        custom: {
          question: 'Cancel this service?',
          explanation:
            'A pending service is cancelled at once. An active or suspended one is terminated by its module and ends as "cancelled". This is final.',
          confirmLabel: 'Cancel service',
          variant: 'danger',
          fields: [
            { name: 'reason', label: 'Reason', type: 'textarea', hint: 'Optional; kept in the audit log.' },
          ],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          run: async (ctx, id, input) =>
            transitionMessage(
              await cancelService(ctx, { serviceId: id, reason: input.reason || undefined }),
              'cancelled',
              'The service was cancelled.',
            ),
          successMessage: (message) => message || 'The service was cancelled.',
        }),
      },
      changePackage: {
        actionType: 'record',
        parent: 'Change…',
        icon: 'Repeat',
        component: components.ChangePackage,
        isVisible: ({ record }) => status(record) === 'ACTIVE' && isRecurring(record),
        handler: changePackageHandler(db),
      },
      changeBillingCycle: {
        actionType: 'record',
        parent: 'Change…',
        icon: 'RefreshCw',
        component: components.RecordForm,
        isVisible: ({ record }) => isLive(record) && isRecurring(record),
        custom: {
          question: 'Change the billing cycle',
          confirmLabel: 'Change cycle',
          fields: [
            {
              name: 'cycle',
              label: 'New billing cycle',
              type: 'select',
              required: true,
              hint: "Only the cycles the product is offered on in the client's currency.",
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { cycle: 'text' },
          load: (ctx, id) => cycleChoices(ctx, id),
          run: async (ctx, id, input) => {
            const r = await changeBillingCycle(ctx, { serviceId: id, cycle: input.cycle })
            return `The service is now billed ${CYCLE_LABELS[r.billingCycle].toLowerCase()}, from the next due date.`
          },
          successMessage: (message) => message || 'The billing cycle was changed.',
        }),
      },
      changeNextDueDate: {
        actionType: 'record',
        parent: 'Change…',
        icon: 'Calendar',
        component: components.RecordForm,
        isVisible: ({ record }) => isLive(record) && isRecurring(record),
        custom: {
          question: 'Change the next due date',
          explanation:
            'For a goodwill extension or to align billing dates. The next invoice is created for the new date.',
          confirmLabel: 'Change date',
          fields: [
            {
              name: 'nextDueDate',
              label: 'Next due date',
              type: 'date',
              required: true,
              initialFrom: 'nextDueDate',
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { nextDueDate: 'text' },
          run: async (ctx, id, input) =>
            void (await changeNextDueDate(ctx, {
              serviceId: id,
              nextDueDate: String(input.nextDueDate ?? '').slice(0, 10),
            })),
          successMessage: (message) => message || 'The next due date was changed.',
        }),
      },
      retryModuleCall: {
        actionType: 'record',
        icon: 'RotateCw',
        component: components.RecordForm,
        isVisible: ({ record }) => Boolean(record?.param('lastModuleError')),
        custom: {
          question: 'Retry the failed module call?',
          confirmLabel: 'Retry now',
          explanation:
            "Fix the cause first (the host, the product's module settings or the server), then retry.",
        },
        handler: recordAction({
          db,
          fields: { moduleCallId: 'text' },
          load: (ctx, id) => retrySummary(ctx, id),
          run: async (ctx, id, input) =>
            void (await retryModuleCall(ctx, await callToRetry(ctx, id, input.moduleCallId))),
          successMessage: (message) =>
            message || 'The call was queued again: its result appears in the module log.',
        }),
      },
    }),
  },
})
