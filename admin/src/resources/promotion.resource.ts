import { flat } from 'adminjs'
import {
  createPromotion,
  deletePromotion,
  DomainError,
  parseAmount,
  toDecimalString,
  updatePromotion,
  type FieldIssue,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { BerthResource } from '../adapter/berth-resource'
import {
  deleteHandler,
  editHandler,
  formInput,
  newHandler,
  type FieldMap,
  type FormFields,
} from '../actions/core-actions'
import { money } from '../actions/money'
import { activeCurrencies, CYCLE_COLUMNS } from '../catalog/pricing'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const PROMOTION_FIELDS: FormFields = {
  code: 'text',
  description: 'text',
  kind: 'text',
  appliesToSetup: 'boolean',
  isRecurring: 'boolean',
  recurringCycles: 'text',
  cycles: 'list',
  productIds: 'list',
  startsAt: 'text',
  endsAt: 'text',
  maxUses: 'text',
  oncePerClient: 'boolean',
  newClientsOnly: 'boolean',
  isActive: 'boolean',
}
/** Core's fields → the form's: the percentage is typed as "10" (core keeps millionths), amounts per currency as decimals. */
const FIELD_MAP: FieldMap = { percent: 'percentText' }

type PromotionRow = {
  kind: string
  percent: number | null
  usesCount: number
  maxUses: number | null
  amounts?: Array<{ currencyCode: string; amount: bigint; currency: { exponent: number } }>
  products?: Array<{ productId: string }>
}

/** 100000 millionths → "10", 125000 → "12.5". */
const percentText = (millionths: number | null) =>
  millionths === null ? '' : toDecimalString(BigInt(millionths), 4).replace(/\.?0+$/, '')

/** The promotion form → core input: percent to millionths, amounts parsed per currency, blanks to null. */
async function promotionInput(
  db: Db,
  payload: Record<string, unknown> | undefined,
  isNew: boolean,
): Promise<Record<string, unknown>> {
  const input = formInput(payload, PROMOTION_FIELDS)
  const data = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(payload ?? {})
  if (!isNew) {
    delete input.code
    delete input.kind
  }
  for (const key of ['recurringCycles', 'maxUses', 'startsAt', 'endsAt'] as const)
    if (input[key] === '') input[key] = null
  for (const key of ['cycles', 'productIds'] as const)
    if (Array.isArray(input[key])) input[key] = (input[key] as string[]).filter(Boolean)
  const issues: FieldIssue[] = []
  if (Object.hasOwn(data, 'percentText')) {
    const text = String(data.percentText ?? '')
      .trim()
      .replace(/%$/, '')
    if (text === '') input.percent = null
    else {
      try {
        input.percent = Number(parseAmount(text, 4, { field: 'percentText' }))
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        issues.push({ field: 'percentText', message: 'Enter a percentage such as 10 or 12.5.' })
      }
    }
  }
  if (typeof data.amounts === 'object' && data.amounts !== null) {
    const currencies = await activeCurrencies(db)
    const amounts: { currency: string; amount: bigint }[] = []
    for (const [code, raw] of Object.entries(data.amounts as Record<string, unknown>)) {
      const text = String(raw ?? '').trim()
      if (text === '') continue
      const currency = currencies.find((c) => c.code === code)
      if (!currency) {
        issues.push({ field: `amounts.${code}`, message: `${code} is not an active currency.` })
        continue
      }
      try {
        amounts.push({
          currency: code,
          amount: parseAmount(text, currency.exponent, { field: `amounts.${code}` }),
        })
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        issues.push({ field: `amounts.${code}`, message: error.message })
      }
    }
    input.amounts = amounts
  }
  if (issues.length) throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { issues })
  return input
}

/** Promotions: codes worth a percentage or a fixed amount per currency, with their limits. */
export const promotionResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new BerthResource(db, {
    model: 'Promotion',
    include: {
      amounts: { select: { currencyCode: true, amount: true, currency: { select: { exponent: true } } } },
      products: { select: { productId: true } },
    },
    virtuals: (row) => {
      const r = row as PromotionRow
      const amounts = r.amounts ?? []
      return {
        percentText: percentText(r.percent),
        amounts: Object.fromEntries(
          amounts.map((a) => [a.currencyCode, toDecimalString(a.amount, a.currency.exponent)]),
        ),
        value:
          r.kind === 'PERCENT'
            ? `${percentText(r.percent)}%`
            : amounts
                .map((a) => money(a.amount, { code: a.currencyCode, exponent: a.currency.exponent }))
                .join(' / ') || '—',
        usage: `${r.usesCount} / ${r.maxUses ?? '∞'}`,
        productIds: (r.products ?? []).map((p) => p.productId),
      }
    },
  }),
  options: {
    navigation: { name: 'Products', icon: 'Package' },
    titleProperty: 'code',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['code', 'value', 'isRecurring', 'usage', 'startsAt', 'endsAt', 'isActive'],
    showProperties: [
      'code',
      'description',
      'kind',
      'appliesToSetup',
      'isRecurring',
      'recurringCycles',
      'cycles',
      'productIds',
      'startsAt',
      'endsAt',
      'maxUses',
      'usesCount',
      'oncePerClient',
      'newClientsOnly',
      'isActive',
      'createdAt',
      'updatedAt',
    ],
    editProperties: [
      'code',
      'description',
      'kind',
      'appliesToSetup',
      'isRecurring',
      'recurringCycles',
      'cycles',
      'productIds',
      'startsAt',
      'endsAt',
      'maxUses',
      'oncePerClient',
      'newClientsOnly',
      'isActive',
    ],
    filterProperties: ['code', 'kind', 'isActive', 'isRecurring'],
    properties: {
      id: { isVisible: false },
      code: {
        isTitle: true,
        isRequired: true,
        components: { edit: components.NewRecordOnly },
        description:
          'What clients type at checkout, e.g. WELCOME10 (letters, digits, - and _). It cannot change later.',
      },
      description: { description: 'For staff: what the promotion is for.' },
      kind: {
        isRequired: true,
        components: { edit: components.PromotionValue, show: components.PromotionValue },
        props: { currencies: currencyCodes },
      },
      percent: { isVisible: false },
      value: { type: 'string', isSortable: false },
      usage: { type: 'string', isSortable: false },
      appliesToSetup: { isRequired: false, description: 'Also discount setup fees.' },
      isRecurring: {
        isRequired: false,
        description: 'Off: the first payment only. On: renewals too, for the number of payments below.',
      },
      recurringCycles: {
        description:
          'Recurring only: how many payments, the first included. Empty = for as long as the service renews.',
      },
      cycles: {
        isSortable: false,
        components: { edit: components.CycleChecklist, show: components.CycleChecklist },
        props: { cycles: CYCLE_COLUMNS },
        description: 'The billing cycles it applies to. None ticked = every cycle.',
      },
      productIds: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.ReferenceChecklist, show: components.ReferenceChecklist },
        props: { resourceId: 'Product', empty: 'No products yet.' },
        description: 'The products it applies to. None ticked = every product.',
      },
      startsAt: { description: 'Empty = valid now.' },
      endsAt: { description: 'Empty = never ends.' },
      maxUses: {
        description:
          'How many orders may use it in total (an order is one use, however many products it discounts). Empty = no limit.',
      },
      usesCount: { isRequired: false, description: 'Orders that used it so far.' },
      oncePerClient: { isRequired: false, description: 'A client may use it only once.' },
      newClientsOnly: { isRequired: false, description: 'Only for clients without an earlier order.' },
      isActive: {
        isRequired: false,
        components: { edit: components.WithDefault },
        props: { defaultValue: true },
        description: 'Off: the code is refused at checkout.',
      },
    },
    actions: guardActions('Promotion', {
      new: {
        handler: newHandler({
          db,
          fields: 'payload',
          fieldMap: FIELD_MAP,
          successMessage: 'The promotion was created.',
          create: async (ctx, payload) => createPromotion(ctx, await promotionInput(db, payload, true)),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: 'payload',
          fieldMap: FIELD_MAP,
          successMessage: 'The promotion was saved.',
          update: async (ctx, id, payload) =>
            updatePromotion(ctx, id, await promotionInput(db, payload, false)),
        }),
      },
      delete: {
        guard: 'Delete this promotion? A promotion that was used cannot be deleted: deactivate it instead.',
        handler: deleteHandler({
          db,
          successMessage: 'The promotion was deleted.',
          remove: (ctx, id) => deletePromotion(ctx, id),
        }),
      },
    }),
  },
})
