import {
  flat,
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type RecordActionResponse,
} from 'adminjs'
import {
  listRegistrarConfigs,
  REGISTRARS,
  testRegistrarConnection,
  updateRegistrarConfig,
  type Ctx,
  type RegistrarConfigView,
} from '@berth/core'
import { RegistrarResource } from '../adapter/registrar-resource'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { addToRecord, recordAction, toAdminError } from '../actions/core-actions'
import { ACTION_DATA, withData, withParams } from '../actions/record-data'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

async function viewOf(ctx: Ctx, registrar: string): Promise<RegistrarConfigView | undefined> {
  return (await listRegistrarConfigs(ctx)).find((r) => r.registrar === registrar)
}

/** The settings in words, for the show page and above the form: never a secret's value. */
function summary(view: RegistrarConfigView | undefined): string[] {
  if (!view) return []
  const lines = [
    `Endpoint: ${view.isTestMode ? "the registrar's test (sandbox) system" : 'live'}`,
    ...view.publicFields.map(
      (f) =>
        `${f.label}: ${view.publicConfig[f.key] === undefined ? 'not set' : String(view.publicConfig[f.key])}`,
    ),
    ...view.secretFields.map((f) => `${f.label}: ${f.isSet ? `set (${f.masked})` : 'not set'}`),
  ]
  return view.publicFields.length || view.secretFields.length
    ? lines
    : [...lines, 'This registrar has no settings to fill in.']
}

/**
 * The edit form's fields: every registrar's declared settings, each shown only on its own
 * registrar's page (RecordForm's `when`). Secrets are password fields that start empty: an empty
 * field keeps the stored value, so nothing secret is ever sent to the browser.
 */
const SETTING_FIELDS = Object.values(REGISTRARS).flatMap((r) =>
  (r.settingFields ?? []).map((f) => ({
    name: `${f.isSecret ? 'secrets' : 'publicConfig'}.${f.key}`,
    label: f.label,
    type: f.isSecret ? ('password' as const) : ('text' as const),
    hint: f.isSecret ? `${f.help ?? ''} Leave empty to keep the saved value.`.trim() : f.help,
    when: { param: 'registrar', equals: r.name },
    ...(f.isSecret ? {} : { initialFrom: `publicConfig.${f.key}` }),
  })),
)

/**
 * Edit: GET answers the form's data (the settings in words, the endpoint choice, public settings
 * pre-filled); POST sends the nested settings (`secrets.<key>`, `publicConfig.<key>`) to core,
 * which refuses names the registrar does not declare and missing required ones on their field.
 */
function editSettingsHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'edit')
    const id = String(record.id())
    const ctx = ctxFor(db, request)
    const json = record.toJSON(context.currentAdmin)
    try {
      if (request.method !== 'post') {
        const view = await viewOf(ctx, id)
        const command = {
          summary: summary(view),
          options: {
            isTestMode: [
              { value: 'true', label: 'Test (sandbox) system' },
              { value: 'false', label: 'Live' },
            ],
          },
        }
        const publicConfig = Object.fromEntries(
          Object.entries(view?.publicConfig ?? {}).map(([k, v]) => [`publicConfig.${k}`, String(v)]),
        )
        return { record: withData(withParams(json, publicConfig), ACTION_DATA, command) }
      }
      const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(request.payload ?? {})
      const strings = (value: unknown) =>
        Object.fromEntries(
          Object.entries((value as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [
            k,
            String(v ?? ''),
          ]),
        )
      const isTestMode = String(data.isTestMode ?? '')
      await updateRegistrarConfig(ctx, {
        registrar: id,
        ...(isTestMode ? { isTestMode: isTestMode === 'true' } : {}),
        secrets: strings(data.secrets),
        publicConfig: strings(data.publicConfig),
      })
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const fresh = await context.resource.findOne(id, context)
    return {
      record: (fresh ?? record).toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: 'The registrar settings were saved.', type: 'success' },
    }
  }
}

/**
 * Registrars (issue 12): each registrar module with its settings (API user, key, test endpoint...).
 * Secrets are sealed by core and shown masked; "Test connection" makes a harmless call with the
 * saved settings and is logged as a registrar call. domains.view sees, domains.registrars changes.
 */
export const registrarConfigResource: ResourceFactory = ({ db, components }) => ({
  resource: new RegistrarResource(db),
  options: {
    navigation: { name: 'Domains', icon: 'Globe' },
    titleProperty: 'displayName',
    listProperties: ['displayName', 'registrar', 'isTestMode', 'tldCount', 'updatedAt'],
    showProperties: [
      'displayName',
      'registrar',
      'description',
      'isTestMode',
      'tldCount',
      'settingsSummary',
      'updatedAt',
    ],
    editProperties: [],
    filterProperties: ['displayName', 'registrar'],
    properties: {
      registrar: { isId: true },
      displayName: { isTitle: true },
      tldCount: { description: 'TLDs routed to this registrar.' },
      isTestMode: { description: "Calls go to the registrar's test system (where it has one)." },
      settingsSummary: {
        type: 'textarea',
        isVisible: visibleIn('show'),
        components: { show: components.TextBlock },
      },
    },
    actions: guardActions('RegistrarConfig', {
      show: {
        after: addToRecord(db, async (ctx, id) => ({
          settingsSummary: summary(await viewOf(ctx, id)).join('\n'),
        })),
      },
      edit: {
        component: components.RecordForm,
        custom: {
          question: 'Registrar settings',
          confirmLabel: 'Save settings',
          fields: [
            { name: 'isTestMode', label: 'Endpoint', type: 'select', required: true },
            ...SETTING_FIELDS,
          ],
        },
        handler: editSettingsHandler(db),
      },
      testConnection: {
        actionType: 'record',
        icon: 'Zap',
        component: components.RecordForm,
        custom: {
          question: 'Test the connection?',
          explanation:
            'Berth asks the registrar for something harmless with the saved settings. The call is logged.',
          confirmLabel: 'Test connection',
        },
        handler: recordAction({
          db,
          successMessage: (message: unknown) =>
            (typeof message === 'string' && message) || 'The registrar answered.',
          run: async (ctx, id) => (await testRegistrarConnection(ctx, { registrar: id })).message,
        }),
      },
    }),
  },
})
