import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse } from 'adminjs'
import { NotFoundError } from 'adminjs'
import {
  applyTldMarkup,
  createTld,
  deleteTld,
  DomainError,
  previewTldMarkup,
  setTldPriceSheets,
  updateTld,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { BerthResource } from '../adapter/berth-resource'
import {
  deleteHandler,
  editHandler,
  formInput,
  newHandler,
  toAdminError,
  type FormFields,
} from '../actions/core-actions'
import { ctxFor } from '../auth/current-admin'
import { withParams } from '../actions/record-data'
import { registrarChoices } from '../domains/domain-view'
import { formatPriceSheet, parsePriceSheet } from '../domains/price-sheet'
import { guardActions, type ResourceFactory } from './define-resource'

const TLD_FIELDS: FormFields = {
  name: 'text',
  registrar: 'text',
  isActive: 'boolean',
  isFeatured: 'boolean',
  eppRequired: 'boolean',
  dnsManagement: 'boolean',
  idProtection: 'boolean',
  minYears: 'text',
  maxYears: 'text',
  graceDays: 'text',
  redemptionDays: 'text',
  sortOrder: 'text',
  whoisHost: 'text',
  whoisPort: 'text',
}
const NUMBERS = ['minYears', 'maxYears', 'graceDays', 'redemptionDays', 'sortOrder', 'whoisPort']

/** Form text → core's input: numbers as numbers (core's zod names a non-number), an empty WHOIS port clears it. */
function tldInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input }
  for (const key of NUMBERS) {
    if (!(key in out)) continue
    const text = String(out[key] ?? '').trim()
    if (text === '') {
      if (key === 'whoisPort') out[key] = null
      else delete out[key]
    } else out[key] = /^-?\d+$/.test(text) ? Number(text) : text
  }
  return out
}

/**
 * "Prices": GET answers the grid as text (every currency), POST saves it through core in one
 * transaction. A refused line comes back on the field with its line number; nothing is saved.
 */
function setPricesHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'setPrices')
    const id = String(record.id())
    const ctx = ctxFor(db, request)
    const json = record.toJSON(context.currentAdmin)
    if (request.method !== 'post')
      return { record: withParams(json, { priceGrid: await formatPriceSheet(ctx, id) }) }
    try {
      const { priceGrid } = formInput(request.payload, { priceGrid: 'text' })
      await setTldPriceSheets(ctx, id, await parsePriceSheet(ctx, String(priceGrid ?? '')))
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return {
      record: json,
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: 'The prices were saved.', type: 'success' },
    }
  }
}

/**
 * "Apply markup" over the TLD list: POST `step=preview` answers what would change (nothing
 * written), `step=apply` applies it. `tlds` are TLD names (comma or space separated), empty = all.
 */
function applyMarkupHandler(db: Db) {
  return async (request: ActionRequest, response: unknown): Promise<ActionResponse> => {
    if (request.method !== 'post') return {}
    const ctx = ctxFor(db, request)
    const data = formInput(request.payload, { step: 'text', percent: 'text', currency: 'text', tlds: 'text' })
    try {
      const names = String(data.tlds ?? '')
        .split(/[\s,]+/)
        .map((n) => n.replace(/^\./, '').toLowerCase())
        .filter(Boolean)
      const tlds = await ctx.db.tld.findMany({
        where: names.length ? { name: { in: names } } : {},
        select: { id: true, name: true },
      })
      const unknown = names.filter((n) => !tlds.some((t) => t.name === n))
      if (unknown.length)
        throw new DomainError('VALIDATION_FAILED', `Unknown TLD: ${unknown.join(', ')}.`, { field: 'tlds' })
      const percentText = String(data.percent ?? '').trim()
      const input = {
        tldIds: tlds.map((t) => t.id),
        percent: /^\d+(\.\d{1,2})?$/.test(percentText) ? Number(percentText) : percentText,
        ...(data.currency ? { currency: String(data.currency).toUpperCase() } : {}),
      }
      if (data.step === 'apply') {
        const result = await applyTldMarkup(ctx, input)
        return {
          result,
          notice: {
            message: `${result.updated} price(s) updated; ${result.skippedWithoutCost} without a cost price left alone.`,
            type: 'success',
          },
        }
      }
      return { preview: await previewTldMarkup(ctx, input) }
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
  }
}

/**
 * TLDs (issue 12): what is sold, at which registrar, with which features and periods; the price
 * grid per currency and a bulk markup over cost. Every write is core's (domains.tlds), validated
 * and audited.
 */
export const tldResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'Tld' }),
  options: {
    navigation: { name: 'Domains', icon: 'Globe' },
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'registrar', 'isActive', 'isFeatured', 'minYears', 'maxYears', 'sortOrder'],
    showProperties: [
      'name',
      'registrar',
      'isActive',
      'isFeatured',
      'eppRequired',
      'dnsManagement',
      'idProtection',
      'minYears',
      'maxYears',
      'graceDays',
      'redemptionDays',
      'whoisHost',
      'whoisPort',
      'sortOrder',
      'createdAt',
      'updatedAt',
    ],
    editProperties: Object.keys(TLD_FIELDS),
    filterProperties: ['name', 'registrar', 'isActive', 'isFeatured'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, description: 'Without the dot: com, co.uk, or an IDN TLD.' },
      registrar: { availableValues: registrarChoices(), isRequired: true },
      isFeatured: { description: 'Shown first in search suggestions and on the pricing page.' },
      eppRequired: { description: 'Transfers need the EPP (auth) code.' },
      dnsManagement: { description: 'Clients may edit DNS records of these domains.' },
      minYears: { type: 'number', description: 'Shortest registration and renewal period (1-10).' },
      maxYears: { type: 'number', description: 'Longest period (1-10).' },
      graceDays: { type: 'number', description: 'Days after expiry a late renewal is still possible.' },
      redemptionDays: { type: 'number', description: 'Days in redemption after the grace period.' },
      whoisHost: {
        description: 'WHOIS server for availability when there is no RDAP; empty: whois.nic.<tld>.',
      },
      whoisPort: { type: 'number', components: { show: components.OptionalValue } },
      priceGrid: { type: 'textarea', isVisible: false },
    },
    actions: guardActions('Tld', {
      new: {
        handler: newHandler({
          db,
          fields: TLD_FIELDS,
          successMessage: 'The TLD was created. Set its prices next.',
          create: (ctx, input) => createTld(ctx, tldInput(input)),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: TLD_FIELDS,
          successMessage: 'The TLD was saved.',
          update: (ctx, id, input) => updateTld(ctx, id, tldInput(input)),
        }),
      },
      delete: {
        guard: 'Delete this TLD and its prices? Existing domains keep their records.',
        handler: deleteHandler({
          db,
          successMessage: 'The TLD was deleted.',
          remove: (ctx, id) => deleteTld(ctx, id),
        }),
      },
      setPrices: {
        actionType: 'record',
        icon: 'DollarSign',
        component: components.RecordForm,
        custom: {
          question: 'Prices',
          explanation:
            'One line per price: currency, REGISTER/TRANSFER/RENEW, years, price, cost (optional, "-" for none), e.g. "USD REGISTER 1 10.99 8.00". Fees: "USD GRACE 5.00 3.00", "USD REDEMPTION 80.00". The lines of a currency replace its grid; a currency left out keeps its prices.',
          confirmLabel: 'Save prices',
          fields: [{ name: 'priceGrid', label: 'Price grid', type: 'textarea', initialFrom: 'priceGrid' }],
        },
        handler: setPricesHandler(db),
      },
      applyMarkup: {
        actionType: 'resource',
        icon: 'TrendingUp',
        component: components.TldMarkup,
        handler: applyMarkupHandler(db),
      },
    }),
  },
})
