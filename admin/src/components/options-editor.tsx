import React, { useEffect, useState } from 'react'
import { flat, type ActionProps } from 'adminjs'
import { Badge, Box, Button, H4, H5, Icon, Loader, MessageBox, Text } from '@adminjs/design-system'
import { ChoiceForm, OptionForm, type Editing } from './option-forms'
import {
  choicePrices,
  OPTION_TYPES,
  type ChoiceView,
  type OptionGroupView,
  type OptionView,
} from './options-summary'
import type { CycleColumn, PricingValue } from './catalog-shared'
import { useRecordAction } from './use-record-action'

interface Answer {
  tree?: OptionGroupView
}

const singleChoice = (type: OptionView['type']) => type === 'YES_NO' || type === 'QUANTITY'

/**
 * "Options & choices" of a configurable option group: every option with its choices and their
 * prices on one page; add, change and delete them in place. Each save is one core call; a refused
 * one shows its field errors in the open form and changes nothing.
 */
const OptionsEditor: React.FC<ActionProps> = ({ action, record, resource }) => {
  const {
    send: sendAction,
    busy,
    addNotice,
  } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const { currencies = [], cycles = [] } = (action.custom ?? {}) as {
    currencies?: string[]
    cycles?: CycleColumn[]
  }
  const [tree, setTree] = useState<OptionGroupView | null>(null)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const cycleLabels = Object.fromEntries(cycles.map((c) => [c.cycle, c.label.toLowerCase()]))

  useEffect(() => {
    if (!record) return
    void sendAction<Answer>({ follow: false }).then((outcome) =>
      outcome.status === 'done'
        ? setTree(outcome.answer.tree ?? null)
        : addNotice({ message: 'The options could not be loaded.', type: 'error' }),
    )
  }, [record?.id])

  if (!record) return null
  if (!tree) return <Loader />

  const send = async (data: Record<string, unknown>, after?: () => void) => {
    const outcome = await sendAction<Answer>({ data: flat.flatten(data), follow: false })
    if (outcome.status === 'failed')
      return addNotice({ message: 'Saving failed. Please try again.', type: 'error' })
    if (outcome.status === 'refused') {
      if (outcome.notice) addNotice(outcome.notice)
      return setErrors(outcome.errors)
    }
    if (outcome.answer.notice) addNotice(outcome.answer.notice)
    if (outcome.answer.tree) setTree(outcome.answer.tree)
    setErrors({})
    setEditing(null)
    after?.()
  }

  const open = (next: Editing) => {
    setErrors({})
    setEditing(next)
  }
  const set = (key: string, value: string | boolean | PricingValue) =>
    setEditing((e) => (e ? ({ ...e, values: { ...e.values, [key]: value } } as Editing) : e))

  const save = () => {
    if (!editing) return
    const values = { ...editing.values, isHidden: editing.values.isHidden ? 'true' : 'false' }
    if (editing.kind === 'option')
      send({ op: editing.optionId ? 'updateOption' : 'createOption', optionId: editing.optionId, ...values })
    else {
      // Every price cell is sent, empty ones included: an emptied cell removes that price.
      const given = (editing.values.pricing ?? {}) as PricingValue
      const pricing: PricingValue = {}
      for (const c of new Set([...currencies, ...Object.keys(given)]))
        for (const { cycle } of cycles)
          (pricing[c] ??= {})[cycle] = {
            amount: given[c]?.[cycle]?.amount ?? '',
            setupFee: given[c]?.[cycle]?.setupFee ?? '',
          }
      send({
        op: editing.choiceId ? 'updateChoice' : 'createChoice',
        optionId: editing.optionId,
        choiceId: editing.choiceId,
        ...values,
        pricing,
      })
    }
  }

  const remove = (what: 'option' | 'choice', id: string, name: string) => {
    if (!window.confirm(`Delete ${what} "${name}"? This is refused while services use it; hide it instead.`))
      return
    send(what === 'option' ? { op: 'deleteOption', optionId: id } : { op: 'deleteChoice', choiceId: id })
  }

  const formProps = { errors, busy, set, onSave: save, onCancel: () => setEditing(null) }
  const optionForm = (e: Extract<Editing, { kind: 'option' }>) => <OptionForm {...formProps} editing={e} />
  const choiceForm = (e: Extract<Editing, { kind: 'choice' }>) => (
    <ChoiceForm {...formProps} editing={e} currencies={currencies} cycles={cycles} />
  )

  const choiceRow = (o: OptionView, c: ChoiceView) => (
    <tr key={c.id} data-testid={`choice-${c.id}`}>
      <td style={{ padding: '6px 12px 6px 0' }}>
        {o.type === 'YES_NO' ? 'Yes' : c.label}
        {c.isHidden && (
          <Badge size="sm" ml="default">
            hidden
          </Badge>
        )}
      </td>
      <td style={{ padding: '6px 12px', color: '#454655' }}>{c.moduleValue ?? '—'}</td>
      <td style={{ padding: '6px 12px' }} title={choicePrices(c.pricing, cycleLabels).title}>
        {choicePrices(c.pricing, cycleLabels).text}
      </td>
      <td style={{ padding: '6px 0', whiteSpace: 'nowrap', textAlign: 'right' }}>
        <Button
          size="sm"
          variant="text"
          onClick={() =>
            open({
              kind: 'choice',
              optionId: o.id,
              choiceId: c.id,
              type: o.type,
              values: {
                label: c.label,
                moduleValue: c.moduleValue ?? '',
                sortOrder: String(c.sortOrder),
                isHidden: c.isHidden,
                pricing: c.pricing,
              },
            })
          }
        >
          <Icon icon="Edit2" /> Edit
        </Button>
        {!singleChoice(o.type) && (
          <Button size="sm" variant="text" color="danger" onClick={() => remove('choice', c.id, c.label)}>
            <Icon icon="Trash2" /> Delete
          </Button>
        )}
      </td>
    </tr>
  )

  return (
    <Box variant="container" data-testid="options-editor">
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mb="lg">
        <Box>
          <H4 mb="sm">Options & choices of {tree.name}</H4>
          <Text color="grey60">
            Used by{' '}
            {tree.products.length
              ? tree.products.map((p) => p.name).join(', ')
              : 'no product yet (attach products on the group or the product form)'}
            .
          </Text>
        </Box>
        <Button
          variant="contained"
          onClick={() =>
            open({
              kind: 'option',
              values: { type: 'DROPDOWN', sortOrder: String((tree.options.length + 1) * 10) },
            })
          }
          data-testid="add-option"
        >
          <Icon icon="Plus" /> Add option
        </Button>
      </Box>
      {editing?.kind === 'option' && !editing.optionId && optionForm(editing)}
      {tree.options.length === 0 && !editing && (
        <MessageBox
          variant="info"
          message="No options yet. Add one: e.g. RAM as a dropdown with 2 GB, 4 GB and 8 GB."
        />
      )}
      {tree.options.map((o) => (
        <Box key={o.id} variant="card" p="lg" mb="lg" data-testid={`option-${o.id}`}>
          {editing?.kind === 'option' && editing.optionId === o.id ? (
            optionForm(editing)
          ) : (
            <Box flex flexDirection="row" justifyContent="space-between" alignItems="center">
              <Box>
                <H5 mb="sm">
                  {o.name}{' '}
                  <Badge size="sm" variant="info">
                    {OPTION_TYPES[o.type]}
                  </Badge>
                  {o.isHidden && (
                    <Badge size="sm" ml="default">
                      hidden
                    </Badge>
                  )}
                </H5>
                <Text color="grey60" fontSize="sm">
                  {o.type === 'QUANTITY'
                    ? `From ${o.minQuantity} to ${o.maxQuantity}${o.unit ? ` ${o.unit}` : ''} · `
                    : ''}
                  module key: {o.moduleKey ?? o.name} · sort {o.sortOrder}
                </Text>
              </Box>
              <Box style={{ whiteSpace: 'nowrap' }}>
                <Button
                  size="sm"
                  variant="outlined"
                  onClick={() =>
                    open({
                      kind: 'option',
                      optionId: o.id,
                      values: {
                        name: o.name,
                        type: o.type,
                        moduleKey: o.moduleKey ?? '',
                        minQuantity: String(o.minQuantity),
                        maxQuantity: String(o.maxQuantity),
                        unit: o.unit ?? '',
                        sortOrder: String(o.sortOrder),
                        isHidden: o.isHidden,
                      },
                    })
                  }
                >
                  <Icon icon="Edit2" /> Edit
                </Button>
                <Button
                  size="sm"
                  variant="text"
                  color="danger"
                  ml="default"
                  onClick={() => remove('option', o.id, o.name)}
                >
                  <Icon icon="Trash2" /> Delete
                </Button>
              </Box>
            </Box>
          )}
          <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: 12, tableLayout: 'fixed' }}>
            <colgroup>
              <col style={{ width: '24%' }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '42%' }} />
              <col style={{ width: '18%' }} />
            </colgroup>
            <thead>
              <tr style={{ textAlign: 'left', fontSize: 12, color: '#454655' }}>
                <th style={{ padding: '4px 12px 4px 0' }}>{o.type === 'QUANTITY' ? 'Unit' : 'Choice'}</th>
                <th style={{ padding: '4px 12px' }}>Module value</th>
                <th style={{ padding: '4px 12px' }}>Prices</th>
                <th />
              </tr>
            </thead>
            <tbody>{o.choices.map((c) => choiceRow(o, c))}</tbody>
          </table>
          {editing?.kind === 'choice' && editing.optionId === o.id && choiceForm(editing)}
          {(!singleChoice(o.type) || o.choices.length === 0) &&
            !(editing?.kind === 'choice' && editing.optionId === o.id) && (
              <Button
                size="sm"
                variant="outlined"
                mt="default"
                onClick={() =>
                  open({
                    kind: 'choice',
                    optionId: o.id,
                    type: o.type,
                    values: {
                      label: o.type === 'YES_NO' ? 'Yes' : '',
                      sortOrder: String((o.choices.length + 1) * 10),
                      pricing: {},
                    },
                  })
                }
                data-testid={`add-choice-${o.id}`}
              >
                <Icon icon="Plus" /> Add choice
              </Button>
            )}
        </Box>
      ))}
    </Box>
  )
}

export default OptionsEditor
