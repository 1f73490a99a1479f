import { flat } from 'adminjs'
import {
  createServer,
  deleteServer,
  getServer,
  listProvisioningModules,
  testServerConnection,
  updateServer,
  type Ctx,
} from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import {
  addToRecord,
  connectionTestHandler,
  deleteHandler,
  editHandler,
  formInput,
  newHandler,
  type FieldMap,
  type FormFields,
} from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const SERVER_FIELDS: FormFields = {
  groupId: 'text',
  name: 'text',
  hostname: 'text',
  ipAddress: 'text',
  module: 'text',
  port: 'text',
  useTls: 'boolean',
  username: 'text',
  maxAccounts: 'text',
  isActive: 'boolean',
}
const FIELD_MAP: FieldMap = { groupId: 'group', 'settings.url': 'settingsUrl' }

/** The credentials a server form offers: write-only, stored encrypted, shown masked. */
export const CREDENTIAL_KEYS = [
  { key: 'password', label: 'Password' },
  { key: 'apiToken', label: 'API token' },
  { key: 'secret', label: 'Shared secret (webhook signatures)' },
]

type ServerRow = { settings?: unknown; _count?: { services: number }; maxAccounts: number }

function serverInput(
  payload: Record<string, unknown> | undefined,
  currentSettings: Record<string, unknown> = {},
) {
  const input = formInput(payload, SERVER_FIELDS, FIELD_MAP)
  const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload ?? {})
  if (input.groupId === '') input.groupId = null
  if (input.port === '') input.port = null
  if (input.maxAccounts === '') input.maxAccounts = 0
  if (typeof data.credentials === 'object' && data.credentials !== null) {
    const credentials: Record<string, string> = {}
    for (const { key } of CREDENTIAL_KEYS) {
      const value = (data.credentials as Record<string, unknown>)[key]
      // Blank (or still the mask) keeps the stored value.
      if (typeof value === 'string' && value.trim() !== '' && !value.startsWith('••••'))
        credentials[key] = value
    }
    input.credentials = credentials
  }
  if (Object.hasOwn(data, 'settingsUrl')) {
    const url = String(data.settingsUrl ?? '').trim()
    const { url: _old, ...rest } = currentSettings
    input.settings = url ? { ...rest, url } : rest
  }
  return input
}

async function maskedCredentials(ctx: Ctx, id: string) {
  const server = await getServer(ctx, id)
  return { credentialsMasked: server.credentials }
}

/** Servers that provisioning modules act on: credentials are write-only (masked), "Test connection" checks them. */
export const serverResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Server',
    secretFields: ['credentialsEnc'],
    include: {
      _count: { select: { services: { where: { status: { in: ['PENDING', 'ACTIVE', 'SUSPENDED'] } } } } },
    },
    virtuals: (row) => {
      const r = row as ServerRow
      const settings = (r.settings && typeof r.settings === 'object' ? r.settings : {}) as Record<
        string,
        unknown
      >
      const accounts = r._count?.services ?? 0
      return {
        settingsUrl: typeof settings.url === 'string' ? settings.url : '',
        accounts,
        load: r.maxAccounts ? `${accounts} / ${r.maxAccounts}` : `${accounts} / no limit`,
      }
    },
  }),
  options: {
    navigation: { name: 'Servers', icon: 'Server' },
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'hostname', 'ipAddress', 'group', 'module', 'load', 'isActive'],
    showProperties: [
      'name',
      'hostname',
      'ipAddress',
      'port',
      'useTls',
      'group',
      'module',
      'settingsUrl',
      'username',
      'credentials',
      'load',
      'maxAccounts',
      'isActive',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'name',
      'hostname',
      'ipAddress',
      'port',
      'useTls',
      'group',
      'module',
      'settingsUrl',
      'username',
      'credentials',
      'maxAccounts',
      'isActive',
    ],
    filterProperties: ['name', 'hostname', 'group', 'module', 'isActive'],
    properties: {
      id: { isVisible: false },
      settings: { isVisible: false },
      name: { isTitle: true, isRequired: true, description: 'A short name for staff, e.g. "web1".' },
      hostname: { isRequired: true, description: 'e.g. node1.example.com' },
      ipAddress: { description: 'IPv4 or IPv6 (optional).' },
      port: { description: "Empty = the module's default port." },
      useTls: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
        description: 'Connect with https.',
      },
      group: { description: 'New services of products using this group are placed on its servers.' },
      module: {
        isRequired: true,
        availableValues: listProvisioningModules().map((m) => ({ value: m.name, label: m.displayName })),
        description: 'The provisioning module that talks to this server.',
        components: { list: components.ValueLabel, show: components.ValueLabel },
      },
      settingsUrl: {
        type: 'string',
        isSortable: false,
        description: 'Webhook module: the URL events go to (default: https://hostname:port/).',
      },
      username: { description: 'The login the module uses, if any.' },
      credentials: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.CredentialsField, show: components.CredentialsField },
        props: { keys: CREDENTIAL_KEYS },
        description: 'Stored encrypted and never shown again. Leave a field empty to keep what is stored.',
      },
      load: { type: 'string', isSortable: false },
      accounts: { type: 'number', isVisible: false },
      maxAccounts: {
        isRequired: false,
        description: 'How many services it may hold (pending, active and suspended). 0 = no limit.',
      },
      isActive: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
        description: 'Inactive servers get no new services.',
      },
    },
    actions: guardActions('Server', {
      show: { after: addToRecord(db, (ctx, id) => maskedCredentials(ctx, id)) },
      new: {
        handler: newHandler({
          db,
          fields: 'payload',
          fieldMap: FIELD_MAP,
          successMessage: 'The server was created.',
          create: (ctx, payload) => createServer(ctx, serverInput(payload)),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: 'payload',
          fieldMap: FIELD_MAP,
          successMessage: 'The server was saved.',
          load: (ctx, id) => maskedCredentials(ctx, id),
          update: async (ctx, id, payload) => {
            const current = await ctx.db.server.findUnique({ where: { id }, select: { settings: true } })
            return updateServer(
              ctx,
              id,
              serverInput(payload, (current?.settings ?? {}) as Record<string, unknown>),
            )
          },
        }),
      },
      delete: {
        guard: 'Delete this server? Refused while services live on it: deactivate it instead.',
        handler: deleteHandler({
          db,
          successMessage: 'The server was deleted.',
          remove: (ctx, id) => deleteServer(ctx, id),
        }),
      },
      testConnection: {
        actionType: 'record',
        icon: 'Zap',
        component: components.ConnectionTest,
        custom: {
          explanation:
            "Asks the server's module to reach it with the stored credentials. The result is logged as a module call.",
        },
        handler: connectionTestHandler(db, (ctx, id) => testServerConnection(ctx, id)),
      },
    }),
  },
})
