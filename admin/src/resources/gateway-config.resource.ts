import { NotFoundError, type ActionContext, type ActionRequest, type RecordActionResponse } from 'adminjs'
import {
  listGatewayConfigs,
  testGatewayConnection,
  updateGatewayConfig,
  type Ctx,
  type GatewayConfigView,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { GatewayResource } from '../adapter/gateway-resource'
import { ctxFor } from '../auth/current-admin'
import { payloadOf, textOf } from '../actions/billing-actions'
import { toAdminError } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'
import { recordAction } from '../actions/core-actions'
import { withData } from '../actions/record-data'

/**
 * Payment gateways (billing.gateways): display name, enabled, test mode, order, and each adapter's
 * settings. Secret settings are write-only: the form shows whether each is set and its last four
 * characters (core's mask), an empty field keeps the stored value, and nothing that leaves the
 * server ever holds a secret. "Test connection" asks the adapter to make a harmless call.
 */
export const GATEWAY_PARAM = 'berthGateway'

async function viewOf(ctx: Ctx, gateway: string): Promise<GatewayConfigView> {
  const view = (await listGatewayConfigs(ctx)).find((g) => g.gateway === gateway)
  if (!view) throw new NotFoundError('This payment gateway does not exist here.', 'gateway')
  return view
}

/** Secrets and public settings in words, for the show page: never a secret's value. */
function summary(view: GatewayConfigView): string {
  const lines = [
    ...view.secretFields.map((f) => `${f.label}: ${f.isSet ? `set (${f.masked})` : 'not set'}`),
    ...view.publicFields.map(
      (f) =>
        `${f.label}: ${view.publicConfig[f.key] === undefined || view.publicConfig[f.key] === '' ? 'not set' : String(view.publicConfig[f.key])}`,
    ),
  ]
  return lines.length ? lines.join('\n') : 'This gateway has no settings.'
}

/** Where the gateway sends its webhooks and which events to pick, for the show page. */
function webhookSetup(view: GatewayConfigView): string {
  if (!view.webhookUrl) return 'Nothing to set up: this gateway sends no webhooks.'
  return `Address: ${view.webhookUrl}\nEvents: ${view.webhookEvents.join(', ')}`
}

/** GET (show and edit): the record plus core's view of the gateway, secrets masked. */
function withView(db: Db, withSummary: boolean) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse | undefined> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'gateway')
    let view: GatewayConfigView
    try {
      view = await viewOf(ctxFor(db, request), String(record.id()))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const json = withData(record.toJSON(context.currentAdmin), GATEWAY_PARAM, view)
    if (withSummary)
      json.params = { ...json.params, settingsSummary: summary(view), webhookSetup: webhookSetup(view) }
    return { record: json }
  }
}

const flag = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1'

/** The form's payload as core's input: empty secret fields are left out (kept); `clearSecrets.<key>` clears one. */
export function gatewayInput(gateway: string, payload: Record<string, unknown>): Record<string, unknown> {
  const secrets: Record<string, string | null> = {}
  for (const [key, value] of Object.entries((payload.secrets as Record<string, unknown> | undefined) ?? {})) {
    if (textOf(value) !== '') secrets[key] = textOf(value)
  }
  for (const [key, value] of Object.entries(
    (payload.clearSecrets as Record<string, unknown> | undefined) ?? {},
  )) {
    if (flag(value)) secrets[key] = null
  }
  const publicConfig: Record<string, string | null> = {}
  for (const [key, value] of Object.entries(
    (payload.publicConfig as Record<string, unknown> | undefined) ?? {},
  )) {
    publicConfig[key] = textOf(value) === '' ? null : textOf(value)
  }
  return {
    gateway,
    ...(payload.displayName !== undefined ? { displayName: textOf(payload.displayName) } : {}),
    ...(payload.isEnabled !== undefined ? { isEnabled: flag(payload.isEnabled) } : {}),
    ...(payload.isTestMode !== undefined ? { isTestMode: flag(payload.isTestMode) } : {}),
    ...(textOf(payload.sortOrder) !== '' ? { sortOrder: textOf(payload.sortOrder) } : {}),
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(Object.keys(publicConfig).length ? { publicConfig } : {}),
  }
}

function editHandler(db: Db) {
  const show = withView(db, false)
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse | undefined> => {
    if (request.method !== 'post') return show(request, response, context)
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'gateway')
    const id = String(record.id())
    let view: GatewayConfigView
    try {
      view = await updateGatewayConfig(ctxFor(db, request), gatewayInput(id, payloadOf(request)))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const fresh = await context.resource.findOne(id, context)
    if (!fresh) throw new NotFoundError('The gateway is gone', 'gateway')
    return {
      record: fresh.toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: {
        message: `${view.displayName} was saved${view.isEnabled ? ' and is offered to clients' : ''}.`,
        type: 'success',
      },
    }
  }
}

export const gatewayConfigResource: ResourceFactory = ({ db, components }) => ({
  resource: new GatewayResource(db),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'displayName',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['displayName', 'adapterName', 'isEnabled', 'isTestMode', 'sortOrder', 'updatedAt'],
    showProperties: [
      'displayName',
      'adapterName',
      'gateway',
      'isEnabled',
      'isTestMode',
      'isDemoOnly',
      'sortOrder',
      'settingsSummary',
      'webhookSetup',
      'updatedAt',
    ],
    editProperties: [],
    filterProperties: ['displayName', 'isEnabled'],
    properties: {
      gateway: { isId: true, isVisible: visibleIn('show') },
      displayName: { isTitle: true },
      adapterName: { isSortable: false },
      isDemoOnly: {
        description: 'A demo gateway moves no real money and cannot be used in production mode.',
      },
      settingsSummary: {
        type: 'textarea',
        isVisible: visibleIn('show'),
        components: { show: components.TextBlock },
      },
      webhookSetup: {
        type: 'textarea',
        isVisible: visibleIn('show'),
        components: { show: components.TextBlock },
        description:
          'Set this up in the gateway’s dashboard: payments, refunds and disputes reach Berth through it.',
      },
    },
    actions: guardActions('GatewayConfig', {
      show: { handler: withView(db, true) },
      edit: { component: components.GatewayForm, handler: editHandler(db) },
      testConnection: {
        actionType: 'record',
        icon: 'Zap',
        component: components.RecordCommand,
        custom: {
          question: 'Test the connection?',
          explanation:
            'Berth asks the gateway for something harmless with the saved keys. Nothing is charged and nothing is written.',
          confirmLabel: 'Test connection',
        },
        handler: recordAction({
          db,
          run: (ctx, id) => testGatewayConnection(ctx, { gateway: id }),
          successMessage: () => 'The gateway answered: the saved settings work.',
        }),
      },
    }),
  },
})
