import { COUNTRY_CODES, countryName, createClientByStaff, setClientStatus, updateClient } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { clientCreditActions, clientCreditInclude, clientCreditVirtuals } from './client-credit'
import { editHandler, newHandler, recordAction, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'
import { staffOrderHandler } from '../actions/staff-order'
import { clientServiceProperties } from './catalog-resources'

type ClientRow = {
  companyName: string | null
  users?: Array<{ firstName: string; lastName: string; email: string }>
}

const insensitive = (value: string) => ({ contains: value, mode: 'insensitive' })

/** The fields staff may set on a client (core's updateClientInput). */
const CLIENT_FIELDS: FormFields = {
  companyName: 'text',
  address1: 'text',
  address2: 'text',
  city: 'text',
  state: 'text',
  postcode: 'text',
  country: 'text',
  phone: 'text',
  taxId: 'text',
  isTaxExempt: 'boolean',
  notes: 'text',
  currencyCode: 'text',
}
/** Plus the owner login, when creating (core's createClientInput). */
const NEW_CLIENT_FIELDS: FormFields = {
  firstName: 'text',
  lastName: 'text',
  email: 'text',
  password: 'text',
  ...CLIENT_FIELDS,
}

export const clientResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new BerthResource(db, {
    model: 'Client',
    plainRelations: ['currency'],
    include: {
      ...clientCreditInclude,
      users: {
        where: { isOwner: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { firstName: true, lastName: true, email: true },
      },
    },
    virtuals: (row) => {
      const { companyName, users } = row as ClientRow
      const owner = users?.[0]
      const ownerName = owner ? `${owner.firstName} ${owner.lastName}` : null
      return {
        ...clientCreditVirtuals(row),
        displayName: companyName || ownerName || '(no name)',
        ownerName,
        ownerEmail: owner?.email ?? null,
      }
    },
    virtualFilters: {
      ownerEmail: (value) => ({ users: { some: { email: insensitive(value) } } }),
      // The search action (reference pickers) and the list's quick search: company, owner's name or any login's email.
      displayName: (value) => ({
        OR: [
          { companyName: insensitive(value) },
          {
            users: {
              some: {
                OR: [
                  { email: insensitive(value) },
                  { lastName: insensitive(value) },
                  { firstName: insensitive(value) },
                ],
              },
            },
          },
        ],
      }),
    },
  }),
  options: {
    navigation: { name: 'Clients', icon: 'Users' },
    titleProperty: 'displayName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['companyName', 'ownerName', 'ownerEmail', 'country', 'status', 'createdAt'],
    showProperties: [
      'status',
      'companyName',
      'ownerName',
      'ownerEmail',
      'phone',
      'address1',
      'address2',
      'city',
      'state',
      'postcode',
      'country',
      'taxId',
      'isTaxExempt',
      'currencyCode',
      'creditBalance',
      'language',
      'notes',
      'createdAt',
      'updatedAt',
      'users',
      'services',
      'orders',
    ],
    editProperties: [
      'firstName',
      'lastName',
      'email',
      'password',
      'companyName',
      'address1',
      'address2',
      'city',
      'state',
      'postcode',
      'country',
      'phone',
      'taxId',
      'isTaxExempt',
      'currencyCode',
      'notes',
    ],
    filterProperties: ['displayName', 'companyName', 'ownerEmail', 'country', 'status', 'createdAt'],
    properties: {
      id: { isVisible: false },
      displayName: { type: 'string', isTitle: true, isSortable: false },
      companyName: { isTitle: false },
      ownerName: { type: 'string', isSortable: false },
      ownerEmail: { type: 'string', isSortable: false },
      firstName: { type: 'string', isRequired: true, components: { edit: components.NewRecordOnly } },
      lastName: { type: 'string', isRequired: true, components: { edit: components.NewRecordOnly } },
      email: { type: 'string', isRequired: true, components: { edit: components.NewRecordOnly } },
      password: {
        type: 'password',
        components: { edit: components.NewRecordOnly },
        description: 'Optional. Leave empty and the owner gets an email with a link to choose one.',
      },
      country: { availableValues: COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })) },
      isTaxExempt: { isRequired: false },
      currencyCode: {
        isRequired: false,
        availableValues: currencyCodes.map((code) => ({ value: code, label: code })),
        description: 'Cannot change once the client has invoices.',
      },
      notes: { type: 'textarea', description: 'Staff only: never shown to the client.' },
      status: { components: { list: components.StatusBadge, show: components.StatusBadge } },
      language: { isVisible: visibleIn('show') },
      creditBalance: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.ClientBilling },
        description:
          "Account credit in the client's currency. See Billing → Credit ledger for every movement.",
      },
      users: { type: 'string', components: { show: components.ClientUsers }, isVisible: visibleIn('show') },
      ...clientServiceProperties(components),
    },
    actions: guardActions('Client', {
      ...clientCreditActions(db, components),
      newOrder: {
        actionType: 'record',
        icon: 'ShoppingCart',
        component: components.StaffOrder,
        handler: staffOrderHandler(db),
      },
      new: {
        handler: newHandler({
          db,
          fields: NEW_CLIENT_FIELDS,
          successMessage: 'The client was created.',
          create: (ctx, input) => createClientByStaff(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: CLIENT_FIELDS,
          successMessage: 'The client was saved.',
          update: (ctx, id, input) => updateClient(ctx, id, input),
        }),
      },
      disable: {
        actionType: 'record',
        icon: 'UserX',
        variant: 'danger',
        component: components.RecordCommand,
        isVisible: ({ record }) => record?.param('status') === 'ACTIVE',
        custom: {
          question: 'Disable this client?',
          explanation:
            'Its users can no longer log in to the portal and their open sessions end now. Nothing is deleted; you can enable the client again.',
          confirmLabel: 'Disable client',
          variant: 'danger',
        },
        handler: recordAction({
          db,
          successMessage: 'The client was disabled.',
          run: (ctx, id) => setClientStatus(ctx, id, 'INACTIVE'),
        }),
      },
      enable: {
        actionType: 'record',
        icon: 'UserCheck',
        component: components.RecordCommand,
        isVisible: ({ record }) => Boolean(record) && record?.param('status') !== 'ACTIVE',
        custom: {
          question: 'Enable this client again?',
          explanation: 'Its users can log in to the portal again.',
          confirmLabel: 'Enable client',
        },
        handler: recordAction({
          db,
          successMessage: 'The client was enabled.',
          run: (ctx, id) => setClientStatus(ctx, id, 'ACTIVE'),
        }),
      },
    }),
  },
})
