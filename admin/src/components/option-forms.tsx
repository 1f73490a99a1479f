import React from 'react'
import {
  Box,
  Button,
  CheckBox,
  FormGroup,
  FormMessage,
  H5,
  Icon,
  Input,
  Label,
  Select,
} from '@adminjs/design-system'
import PricingGrid from './pricing-grid'
import { OPTION_TYPES, type OptionView } from './options-summary'
import type { CycleColumn, PricingValue } from './catalog-shared'

// The option and choice forms of the options editor (options-editor.tsx), as components: the editor
// keeps the state and the calls, these only show one form and report edits through `set`.

export type Values = Record<string, string | boolean | PricingValue>

export type Editing =
  | { kind: 'option'; optionId?: string; values: Values }
  | { kind: 'choice'; optionId: string; choiceId?: string; type: OptionView['type']; values: Values }

/** What both forms get from the editor. */
interface FormProps {
  errors: Record<string, string>
  busy: boolean
  set: (key: string, value: string | boolean | PricingValue) => void
  onSave: () => void
  onCancel: () => void
}

const typeOptions = (Object.keys(OPTION_TYPES) as OptionView['type'][]).map((value) => ({
  value,
  label: OPTION_TYPES[value],
}))

function TextField(props: {
  name: string
  label: string
  hint?: string
  type?: string
  values: Values
  errors: Record<string, string>
  set: FormProps['set']
}) {
  const { name, label, hint, type = 'text', values, errors, set } = props
  return (
    <FormGroup error={Boolean(errors[name])}>
      <Label htmlFor={`opt-${name}`}>{label}</Label>
      <Input
        id={`opt-${name}`}
        name={name}
        type={type}
        width={1}
        value={String(values[name] ?? '')}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(name, e.target.value)}
      />
      <FormMessage>{errors[name] ?? hint}</FormMessage>
    </FormGroup>
  )
}

/** Options and choices order the same way. */
function SortOrderField(field: { values: Values; errors: Record<string, string>; set: FormProps['set'] }) {
  return (
    <TextField
      {...field}
      name="sortOrder"
      label="Sort order"
      hint="Lower numbers come first."
      type="number"
    />
  )
}

function HiddenField({ hint, values, set }: { hint: string; values: Values; set: FormProps['set'] }) {
  return (
    <FormGroup>
      <Box flex flexDirection="row" alignItems="center">
        <CheckBox
          id="opt-isHidden"
          checked={Boolean(values.isHidden)}
          onChange={() => set('isHidden', !values.isHidden)}
        />
        <Label inline htmlFor="opt-isHidden" ml="default">
          Hidden
        </Label>
      </Box>
      <FormMessage>{hint}</FormMessage>
    </FormGroup>
  )
}

function FormButtons({ busy, onSave, onCancel }: Pick<FormProps, 'busy' | 'onSave' | 'onCancel'>) {
  return (
    <Box flex flexDirection="row" mt="lg">
      <Button variant="contained" onClick={onSave} disabled={busy} data-testid="save-option-form">
        {busy ? <Icon icon="Loader" spin /> : null}
        Save
      </Button>
      <Button variant="text" ml="default" onClick={onCancel} disabled={busy}>
        Cancel
      </Button>
    </Box>
  )
}

export function OptionForm(props: FormProps & { editing: Extract<Editing, { kind: 'option' }> }) {
  const { editing: e, errors, set } = props
  const type = String(e.values.type ?? 'DROPDOWN') as OptionView['type']
  const field = { values: e.values, errors, set }
  return (
    <Box variant="card" p="lg" mb="lg" data-testid="option-form" style={{ border: '1px solid #c9cfe0' }}>
      <H5 mb="lg">{e.optionId ? 'Change option' : 'New option'}</H5>
      <TextField
        {...field}
        name="name"
        label="Name"
        hint={'What clients see, e.g. "RAM" or "Operating system".'}
      />
      <FormGroup error={Boolean(errors.type)}>
        <Label htmlFor="opt-type">Type</Label>
        <Select
          inputId="opt-type"
          isDisabled={Boolean(e.optionId)}
          value={typeOptions.find((o) => o.value === type)}
          options={typeOptions}
          onChange={(selected: { value: string } | null) => set('type', selected?.value ?? 'DROPDOWN')}
        />
        <FormMessage>
          {errors.type ??
            (e.optionId
              ? 'The type cannot change once created.'
              : 'Yes/no and quantity options get one choice, which carries the price ("yes", or per unit).')}
        </FormMessage>
      </FormGroup>
      {type === 'QUANTITY' && (
        <Box flex flexDirection="row" style={{ gap: 16 }}>
          <Box flexGrow={1}>
            <TextField {...field} name="minQuantity" label="Minimum" type="number" />
          </Box>
          <Box flexGrow={1}>
            <TextField {...field} name="maxQuantity" label="Maximum" type="number" />
          </Box>
          <Box flexGrow={1}>
            <TextField {...field} name="unit" label="Unit" hint={'e.g. "GB" or "IPs"'} />
          </Box>
        </Box>
      )}
      <TextField
        {...field}
        name="moduleKey"
        label="Module key"
        hint="The name the provisioning module knows this option by (optional; defaults to the name)."
      />
      <SortOrderField {...field} />
      <HiddenField
        values={e.values}
        set={set}
        hint="Hidden options are not offered on new orders; existing services keep them."
      />
      <FormButtons {...props} />
    </Box>
  )
}

export function ChoiceForm(
  props: FormProps & {
    editing: Extract<Editing, { kind: 'choice' }>
    currencies: string[]
    cycles: CycleColumn[]
  },
) {
  const { editing: e, errors, set, currencies, cycles } = props
  const field = { values: e.values, errors, set }
  const pricingErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('pricing.')))
  const hasOwnRows = e.type !== 'YES_NO' && e.type !== 'QUANTITY'
  return (
    <Box
      variant="card"
      p="lg"
      mt="default"
      mb="lg"
      data-testid="choice-form"
      style={{ border: '1px solid #c9cfe0' }}
    >
      <H5 mb="lg">{e.choiceId ? 'Change choice' : 'New choice'}</H5>
      {e.type !== 'YES_NO' && (
        <TextField
          {...field}
          name="label"
          label="Label"
          hint={e.type === 'QUANTITY' ? 'e.g. "Per GB".' : 'What clients pick, e.g. "4 GB".'}
        />
      )}
      <TextField
        {...field}
        name="moduleValue"
        label="Module value"
        hint="The value the provisioning module receives (optional; defaults to the label)."
      />
      <FormGroup error={Object.keys(pricingErrors).length > 0}>
        <Label>
          {e.type === 'QUANTITY' ? 'Price per unit' : e.type === 'YES_NO' ? 'Price of "yes"' : 'Price'}
        </Label>
        <PricingGrid
          value={(e.values.pricing ?? {}) as PricingValue}
          currencies={currencies}
          cycles={cycles}
          errors={pricingErrors}
          emptyMeaning="free in that cycle"
          onChange={(currency, cycle, name, text) => {
            const current = (e.values.pricing ?? {}) as PricingValue
            set('pricing', {
              ...current,
              [currency]: {
                ...(current[currency] ?? {}),
                [cycle]: { ...(current[currency]?.[cycle] ?? {}), [name]: text },
              },
            })
          }}
        />
      </FormGroup>
      {hasOwnRows && <SortOrderField {...field} />}
      {hasOwnRows && (
        <HiddenField values={e.values} set={set} hint="Hidden choices are not offered on new orders." />
      )}
      <FormButtons {...props} />
    </Box>
  )
}
