import { NotFoundError, type ActionContext, type ActionRequest, type RecordActionResponse } from 'adminjs'
import {
  createConfigOption,
  createConfigOptionChoice,
  createConfigOptionGroup,
  deleteConfigOption,
  deleteConfigOptionChoice,
  deleteConfigOptionGroup,
  DomainError,
  inTransaction,
  updateConfigOption,
  updateConfigOptionChoice,
  updateConfigOptionGroup,
  type Ctx,
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
import { addToRecord } from '../actions/core-actions'
import { jsonValue } from '../actions/record-data'
import { loadOptionGroups } from '../catalog/option-tree'
import { CYCLE_COLUMNS } from '../catalog/pricing'
import { pricingInput, savePricesIfChanged } from '../catalog/product-input'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

const GROUP_FIELDS: FormFields = { name: 'text', description: 'text', productIds: 'list' }
const OPTION_FIELDS: FormFields = {
  name: 'text',
  type: 'text',
  moduleKey: 'text',
  minQuantity: 'text',
  maxQuantity: 'text',
  unit: 'text',
  sortOrder: 'text',
  isHidden: 'boolean',
}
const CHOICE_FIELDS: FormFields = {
  label: 'text',
  moduleValue: 'text',
  sortOrder: 'text',
  isHidden: 'boolean',
}

type Row = { _count?: { options: number; products: number }; products?: Array<{ productId: string }> }

async function tree(db: Db, groupId: string) {
  const [group] = await loadOptionGroups(db, { id: groupId })
  if (!group) throw new NotFoundError('This option group does not exist.', 'editOptions')
  return group
}

/** The option or choice named in an editor request must belong to this group. */
async function assertInGroup(db: Db, groupId: string, what: { optionId?: unknown; choiceId?: unknown }) {
  const uuid = /^[0-9a-f-]{36}$/i
  if (what.optionId !== undefined) {
    const id = String(what.optionId)
    const found = uuid.test(id) && (await db.configOption.count({ where: { id, groupId } }))
    if (!found) throw new DomainError('NOT_FOUND', 'This option is not part of this group.')
    return
  }
  const id = String(what.choiceId ?? '')
  const found = uuid.test(id) && (await db.configOptionChoice.count({ where: { id, option: { groupId } } }))
  if (!found) throw new DomainError('NOT_FOUND', 'This choice is not part of this group.')
}

/** One editor operation through core; answers what to tell staff. */
async function runOperation(
  db: Db,
  ctx: Ctx,
  groupId: string,
  payload: Record<string, unknown> | undefined,
): Promise<string> {
  const op = String(payload?.op ?? '')
  const ids = { optionId: payload?.optionId, choiceId: payload?.choiceId }
  switch (op) {
    case 'createOption': {
      const input = formInput(payload, OPTION_FIELDS)
      await inTransaction(ctx, async (tx) => {
        const option = await createConfigOption(tx, { ...input, groupId })
        // A yes/no or quantity option has exactly one choice, which carries its price: create it with the option.
        if (option.type === 'YES_NO' || option.type === 'QUANTITY') {
          await createConfigOptionChoice(tx, {
            optionId: option.id,
            label: option.type === 'YES_NO' ? 'Yes' : option.unit ? `Per ${option.unit}` : 'Per unit',
            prices: [],
          })
        }
      })
      return 'The option was added.'
    }
    case 'updateOption': {
      await assertInGroup(db, groupId, { optionId: ids.optionId })
      const { type: _type, ...input } = formInput(payload, OPTION_FIELDS)
      await updateConfigOption(ctx, String(ids.optionId), input)
      return 'The option was saved.'
    }
    case 'deleteOption':
      await assertInGroup(db, groupId, { optionId: ids.optionId })
      await deleteConfigOption(ctx, String(ids.optionId))
      return 'The option was deleted.'
    case 'createChoice': {
      await assertInGroup(db, groupId, { optionId: ids.optionId })
      const prices = (await pricingInput(db, payload)) ?? []
      await createConfigOptionChoice(ctx, {
        ...formInput(payload, CHOICE_FIELDS),
        optionId: String(ids.optionId),
        prices,
      })
      return 'The choice was added.'
    }
    case 'updateChoice': {
      await assertInGroup(db, groupId, { choiceId: ids.choiceId })
      const choiceId = String(ids.choiceId)
      const prices = await pricingInput(db, payload)
      const input = formInput(payload, CHOICE_FIELDS)
      await inTransaction(ctx, async (tx) => {
        await updateConfigOptionChoice(tx, choiceId, input)
        if (prices) await savePricesIfChanged(tx, { configOptionChoiceId: choiceId }, prices)
      })
      return 'The choice was saved.'
    }
    case 'deleteChoice':
      await assertInGroup(db, groupId, { choiceId: ids.choiceId })
      await deleteConfigOptionChoice(ctx, String(ids.choiceId))
      return 'The choice was deleted.'
    default:
      throw new DomainError('VALIDATION_FAILED', 'Unknown editor operation.', { field: 'op' })
  }
}

/**
 * The options and choices editor (OptionsEditor component): GET answers the group's tree, each POST
 * is one operation through core (add/change/delete an option or a choice with its prices) and
 * answers the tree again. Errors come back as field errors of the form being edited.
 */
function optionsEditorHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse & { tree?: unknown }> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'editOptions')
    const id = String(record.id())
    const json = record.toJSON(context.currentAdmin)
    if (request.method !== 'post') return { record: json, tree: jsonValue(await tree(db, id)) }
    let message: string
    try {
      message = await runOperation(db, ctxFor(db, request), id, request.payload)
    } catch (error) {
      toAdminError(error, { prices: 'pricing' }, response as never)
    }
    return {
      record: json,
      tree: jsonValue(await tree(db, id)),
      notice: { message, type: 'success' },
    }
  }
}

/** Configurable option groups (RAM, disk, location...): shared by any number of products. */
export const configOptionGroupResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new BerthResource(db, {
    model: 'ConfigOptionGroup',
    include: {
      _count: { select: { options: true, products: true } },
      products: { select: { productId: true } },
    },
    virtuals: (row) => {
      const r = row as Row
      return {
        optionCount: r._count?.options ?? 0,
        productCount: r._count?.products ?? 0,
        productIds: (r.products ?? []).map((p) => p.productId),
      }
    },
  }),
  options: {
    navigation: { name: 'Products', icon: 'Package' },
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'description', 'optionCount', 'productCount'],
    showProperties: ['name', 'description', 'options', 'productIds', 'createdAt'],
    editProperties: ['name', 'description', 'productIds'],
    filterProperties: ['name'],
    properties: {
      id: { isVisible: false },
      name: {
        isTitle: true,
        isRequired: true,
        description: 'For staff, e.g. "VPS options". Clients see the options, not the group.',
      },
      description: { type: 'textarea' },
      optionCount: { type: 'number', isSortable: false },
      productCount: { type: 'number', isSortable: false },
      options: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.OptionsSummary },
        description: 'Use "Options & choices" to change them.',
      },
      productIds: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show', 'edit'),
        components: { edit: components.ReferenceChecklist, show: components.ReferenceChecklist },
        props: { resourceId: 'Product', empty: 'No products yet.' },
        description: 'The products that offer these options.',
      },
    },
    actions: guardActions('ConfigOptionGroup', {
      show: {
        after: addToRecord(db, 'options', async (_ctx, id) =>
          (await loadOptionGroups(db, { id })).map((g) => ({ ...g, products: [] })),
        ),
      },
      new: {
        handler: newHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The option group was created. Now add its options with "Options & choices".',
          create: (ctx, input) => createConfigOptionGroup(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: GROUP_FIELDS,
          successMessage: 'The option group was saved.',
          update: (ctx, id, input) => updateConfigOptionGroup(ctx, id, input),
        }),
      },
      delete: {
        guard: 'Delete this option group with all its options and choices? Refused while services use them.',
        handler: deleteHandler({
          db,
          successMessage: 'The option group was deleted.',
          remove: (ctx, id) => deleteConfigOptionGroup(ctx, id),
        }),
      },
      editOptions: {
        actionType: 'record',
        icon: 'List',
        component: components.OptionsEditor,
        custom: { currencies: currencyCodes, cycles: CYCLE_COLUMNS },
        handler: optionsEditorHandler(db),
      },
    }),
  },
})
