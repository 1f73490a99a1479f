import {
  COUNTRY_CODES,
  countryName,
  createTaxRule,
  deleteTaxRule,
  formatPercent,
  formatRate,
  updateTaxRule,
} from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * Tax rules (docs/decisions/0012-money-and-tax.md): the rates invoices are taxed with, by country
 * and state. The rate is typed as a percentage ("20", "8.875") and stored in millionths by core,
 * which validates, checks billing.manage and audits every change. Published invoices keep the tax
 * they were issued with; drafts take the rules of the day they are saved or published.
 */
const TAX_FIELDS: FormFields = {
  name: 'text',
  country: 'text',
  state: 'text',
  ratePercent: 'text',
  level: 'text',
  isCompound: 'boolean',
  isEuVat: 'boolean',
  isActive: 'boolean',
}

type Row = { rate: number; country: string | null; state: string | null }

export const taxRuleResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, {
    model: 'TaxRule',
    virtuals: (row) => {
      const r = row as Row
      return {
        ratePercent: formatPercent(r.rate),
        rateLabel: formatRate(r.rate),
        appliesTo: r.country ? `${countryName(r.country)}${r.state ? ` · ${r.state}` : ''}` : 'Every country',
      }
    },
  }),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'name',
    sort: { sortBy: 'country', direction: 'asc' },
    listProperties: ['name', 'appliesTo', 'rateLabel', 'level', 'isCompound', 'isEuVat', 'isActive'],
    showProperties: [
      'name',
      'appliesTo',
      'country',
      'state',
      'rateLabel',
      'level',
      'isCompound',
      'isEuVat',
      'isActive',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['name', 'country', 'state', 'ratePercent', 'level', 'isCompound', 'isEuVat', 'isActive'],
    filterProperties: ['name', 'country', 'state', 'level', 'isEuVat', 'isActive'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, description: 'Printed on invoices, e.g. "VAT" or "GST".' },
      rate: { isVisible: false },
      ratePercent: {
        type: 'string',
        isRequired: true,
        isVisible: visibleIn('edit'),
        description: 'A percentage, e.g. 20 or 8.875 (at most 4 decimals).',
      },
      rateLabel: { type: 'string', isSortable: false, isVisible: visibleIn('list', 'show') },
      appliesTo: { type: 'string', isSortable: false, isVisible: visibleIn('list', 'show') },
      country: {
        availableValues: COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })),
        description: 'Leave empty for a rule that applies to every country.',
      },
      state: {
        description:
          'Optional: a state or region of that country (e.g. CA). The most specific rule of each level applies.',
      },
      level: {
        availableValues: [
          { value: '1', label: '1' },
          { value: '2', label: '2' },
        ],
        description:
          'Level 2 rates apply after level 1: on the price, or on the price plus level 1 taxes when compound.',
      },
      isCompound: {
        description: 'Level 2 only: taxed on the price plus the level 1 taxes (e.g. Quebec QST before 2013).',
      },
      isEuVat: {
        description:
          'EU VAT: dropped for a business in another EU country with a VAT number (reverse charge).',
      },
      isActive: { description: 'Inactive rules are kept but no longer applied.' },
    },
    actions: guardActions('TaxRule', {
      new: {
        handler: newHandler({
          db,
          fields: TAX_FIELDS,
          successMessage: 'The tax rule was created.',
          create: (ctx, input) => createTaxRule(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: TAX_FIELDS,
          successMessage: 'The tax rule was saved.',
          update: (ctx, id, input) => updateTaxRule(ctx, { ...input, id }),
        }),
      },
      delete: {
        guard:
          'Delete this tax rule? Published invoices keep their tax; drafts lose this rate when they are next saved or published. Consider making it inactive instead.',
        handler: deleteHandler({
          db,
          successMessage: 'The tax rule was deleted.',
          remove: (ctx, id) => deleteTaxRule(ctx, { id }),
        }),
      },
    }),
  },
})
