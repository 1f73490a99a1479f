import React, { useMemo, useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
  CheckBox,
  FormGroup,
  FormMessage,
  H4,
  H5,
  Icon,
  Input,
  Label,
  MessageBox,
  Select,
  Text,
  TextArea,
} from '@adminjs/design-system'
import { ACTION_DATA, readData } from '../actions/record-data'
import { useRecordAction } from './use-record-action'

type Prices = Record<string, { amount: string; setupFee: string } | undefined>

interface Option {
  id: string
  name: string
  type: 'DROPDOWN' | 'RADIO' | 'YES_NO' | 'QUANTITY'
  minQuantity: number
  maxQuantity: number
  unit: string | null
  choices: { id: string; label: string }[]
}

interface Product {
  id: string
  name: string
  groupName: string
  isHidden: boolean
  domainRequirement: 'NONE' | 'HOSTNAME' | 'DOMAIN'
  stockControl: boolean
  stockQuantity: number
  prices: Prices
  cycles: string[]
  options: Option[]
  addons: { id: string; name: string }[]
}

interface Choices {
  clientId: string
  currency: string
  exponent: number
  today: string
  products: Product[]
}

const CYCLES: Record<string, string> = {
  ONE_TIME: 'One time',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SEMI_ANNUAL: 'Semi-annually',
  ANNUAL: 'Annually',
  BIENNIAL: 'Every 2 years',
  TRIENNIAL: 'Every 3 years',
}

/** Minor units as a decimal string for display ("1234", 2 → "12.34"). */
function decimal(minor: string, exponent: number): string {
  if (!exponent) return minor
  const negative = minor.startsWith('-')
  const digits = (negative ? minor.slice(1) : minor).padStart(exponent + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/** A decimal the staff member typed ("12.5") as minor units ("1250"); anything else is sent as typed, for core to refuse. */
function toMinor(value: string, exponent: number): string {
  const v = value.trim()
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(v)
  if (!m || (m[2] ?? '').length > exponent) return v
  return `${m[1]}${(m[2] ?? '').padEnd(exponent, '0')}`.replace(/^0+(?=\d)/, '')
}

const newKey = () =>
  `staff-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`

/**
 * New order for a client (Client → New order; docs/decisions/0034-staff-orders.md): product, cycle,
 * options and addons from the catalog in the client's currency; optional price overrides; the first
 * due date; whether to invoice now and whether to set it up now. Everything is checked again by
 * core; its field errors are shown under the fields.
 */
const StaffOrder: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const choices = readData<Choices>(record, ACTION_DATA) ?? null
  const [productId, setProductId] = useState('')
  const [cycle, setCycle] = useState('')
  const [options, setOptions] = useState<Record<string, string | number | boolean>>({})
  const [addonIds, setAddonIds] = useState<string[]>([])
  const [domain, setDomain] = useState('')
  const [firstDueDate, setFirstDueDate] = useState(() => (choices?.today ?? '').slice(0, 10))
  const [firstPayment, setFirstPayment] = useState('')
  const [recurring, setRecurring] = useState('')
  const [createInvoice, setCreateInvoice] = useState(true)
  const [provisionNow, setProvisionNow] = useState(false)
  const [withoutPayment, setWithoutPayment] = useState(false)
  const [notes, setNotes] = useState('')
  const [idempotencyKey] = useState(newKey)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const product = useMemo(
    () => choices?.products.find((p) => p.id === productId) ?? null,
    [choices, productId],
  )
  if (!record || !choices) return null
  const exponent = choices.exponent

  const pick = (id: string) => {
    const p = choices.products.find((x) => x.id === id)
    setProductId(id)
    setCycle(p?.cycles.includes('MONTHLY') ? 'MONTHLY' : (p?.cycles[0] ?? ''))
    setOptions({})
    setAddonIds([])
  }
  const price = product && cycle ? product.prices[cycle] : undefined

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setFailure(null)
    const data: Record<string, unknown> = {
      productId,
      cycle,
      optionsJson: JSON.stringify(options),
      domain,
      firstDueDate,
      firstPaymentAmount: firstPayment ? toMinor(firstPayment, exponent) : '',
      recurringAmount: recurring ? toMinor(recurring, exponent) : '',
      createInvoice: String(createInvoice),
      provisionNow: String(provisionNow),
      provisionWithoutPayment: String(withoutPayment),
      notes,
      idempotencyKey,
    }
    addonIds.forEach((id, i) => (data[`addonIds.${i}`] = id))
    const outcome = await send({ data })
    if (outcome.status === 'failed')
      addNotice({ message: 'That did not work. Please try again.', type: 'error' })
    if (outcome.status !== 'refused') return
    setErrors(outcome.errors)
    setFailure(outcome.notice?.message ?? 'Please correct the fields marked below.')
  }

  const error = (name: string) =>
    errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1]
  const productOptions = choices.products.map((p) => ({
    value: p.id,
    label: `${p.groupName} / ${p.name}${p.isHidden ? ' (hidden)' : ''}${p.stockControl ? ` (${p.stockQuantity} in stock)` : ''}`,
  }))
  const cycleOptions = (product?.cycles ?? []).map((c) => ({ value: c, label: CYCLES[c] ?? c }))

  return (
    <Box variant="container" as="form" onSubmit={submit} data-testid="staff-order">
      <H4 mb="lg">New order for {record.title}</H4>
      <Text mb="lg">Prices are in {choices.currency}, before tax.</Text>
      {failure && <MessageBox mb="xl" variant="danger" message={failure} data-testid="command-error" />}

      <FormGroup error={Boolean(error('productId'))}>
        <Label htmlFor="order-product" required>
          Product
        </Label>
        <Select
          inputId="order-product"
          value={productOptions.find((o) => o.value === productId) ?? null}
          options={productOptions}
          onChange={(s: { value: string } | null) => pick(s?.value ?? '')}
        />
        <FormMessage>{error('productId')}</FormMessage>
      </FormGroup>

      {product && (
        <>
          <FormGroup error={Boolean(error('cycle'))}>
            <Label htmlFor="order-cycle" required>
              Billing cycle
            </Label>
            <Select
              inputId="order-cycle"
              value={cycleOptions.find((o) => o.value === cycle) ?? null}
              options={cycleOptions}
              onChange={(s: { value: string } | null) => setCycle(s?.value ?? '')}
            />
            <FormMessage>
              {error('cycle') ??
                (price
                  ? `Catalog price ${decimal(price.amount, exponent)}${price.setupFee !== '0' ? `, setup ${decimal(price.setupFee, exponent)}` : ''}`
                  : '')}
            </FormMessage>
          </FormGroup>

          {product.options.map((o) => {
            const field = `options.${o.id}`
            const set = (v: string | number | boolean) => setOptions((cur) => ({ ...cur, [o.id]: v }))
            const choicesOf = o.choices.map((c) => ({ value: c.id, label: c.label }))
            return (
              <FormGroup key={o.id} error={Boolean(errors[field])}>
                <Label htmlFor={`order-${o.id}`}>{o.name}</Label>
                {o.type === 'YES_NO' ? (
                  <CheckBox
                    id={`order-${o.id}`}
                    checked={options[o.id] === true}
                    onChange={() => set(!(options[o.id] === true))}
                  />
                ) : o.type === 'QUANTITY' ? (
                  <Input
                    id={`order-${o.id}`}
                    type="number"
                    min={o.minQuantity}
                    max={o.maxQuantity}
                    value={String(options[o.id] ?? o.minQuantity)}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)}
                  />
                ) : (
                  <Select
                    inputId={`order-${o.id}`}
                    value={choicesOf.find((c) => c.value === options[o.id]) ?? choicesOf[0] ?? null}
                    options={choicesOf}
                    onChange={(s: { value: string } | null) => set(s?.value ?? '')}
                  />
                )}
                <FormMessage>{errors[field]}</FormMessage>
              </FormGroup>
            )
          })}

          {product.addons.length > 0 && (
            <FormGroup error={Boolean(error('addonIds'))}>
              <Label>Addons</Label>
              {product.addons.map((a) => (
                <Box key={a.id} flex alignItems="center" mb="sm">
                  <CheckBox
                    id={`order-addon-${a.id}`}
                    checked={addonIds.includes(a.id)}
                    onChange={() =>
                      setAddonIds((cur) =>
                        cur.includes(a.id) ? cur.filter((x) => x !== a.id) : [...cur, a.id],
                      )
                    }
                  />
                  <Label inline htmlFor={`order-addon-${a.id}`} ml="default">
                    {a.name}
                  </Label>
                </Box>
              ))}
              <FormMessage>{error('addonIds')}</FormMessage>
            </FormGroup>
          )}

          {product.domainRequirement !== 'NONE' && (
            <FormGroup error={Boolean(error('domain'))}>
              <Label htmlFor="order-domain" required>
                {product.domainRequirement === 'HOSTNAME' ? 'Hostname' : 'Domain'}
              </Label>
              <Input
                id="order-domain"
                width={1}
                value={domain}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDomain(e.target.value)}
              />
              <FormMessage>{error('domain')}</FormMessage>
            </FormGroup>
          )}
        </>
      )}

      <H5 mt="xl" mb="lg">
        Price and dates
      </H5>
      <FormGroup error={Boolean(error('firstPaymentAmount'))}>
        <Label htmlFor="order-first">First payment ({choices.currency}, optional)</Label>
        <Input
          id="order-first"
          width={1}
          value={firstPayment}
          placeholder="the catalog price and setup fee"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFirstPayment(e.target.value)}
        />
        <FormMessage>
          {error('firstPaymentAmount') ?? 'Replaces the package price and setup fee on the first invoice.'}
        </FormMessage>
      </FormGroup>
      <FormGroup error={Boolean(error('recurringAmount'))}>
        <Label htmlFor="order-recurring">Recurring price ({choices.currency}, optional)</Label>
        <Input
          id="order-recurring"
          width={1}
          value={recurring}
          placeholder="the catalog price"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRecurring(e.target.value)}
        />
        <FormMessage>{error('recurringAmount') ?? 'What every renewal of the package costs.'}</FormMessage>
      </FormGroup>
      <FormGroup error={Boolean(error('firstDueDate'))}>
        <Label htmlFor="order-due" required>
          First due date
        </Label>
        <Input
          id="order-due"
          type="date"
          value={firstDueDate}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFirstDueDate(e.target.value)}
        />
        <FormMessage>
          {error('firstDueDate') ??
            'The first period starts here (without an invoice now, renewals bill from it).'}
        </FormMessage>
      </FormGroup>

      <H5 mt="xl" mb="lg">
        Invoice and set-up
      </H5>
      {(
        [
          ['createInvoice', 'Create the invoice now', createInvoice, setCreateInvoice],
          ['provisionNow', 'Set the service up now (module create)', provisionNow, setProvisionNow],
        ] as const
      ).map(([name, label, value, set]) => (
        <FormGroup key={name} error={Boolean(error(name))}>
          <Box flex alignItems="center">
            <CheckBox id={`order-${name}`} checked={value} onChange={() => set(!value)} />
            <Label inline htmlFor={`order-${name}`} ml="default">
              {label}
            </Label>
          </Box>
          <FormMessage>{error(name)}</FormMessage>
        </FormGroup>
      ))}
      {!createInvoice && !provisionNow && (
        <MessageBox
          mb="lg"
          variant="info"
          message="No invoice and no set-up: the service is marked active as it already runs on your server (a customer you are moving over), and the daily run bills it from the first due date."
        />
      )}
      {createInvoice && provisionNow && (
        <FormGroup error={Boolean(error('provisionWithoutPayment'))}>
          <Box flex alignItems="center">
            <CheckBox
              id="order-provisionWithoutPayment"
              checked={withoutPayment}
              onChange={() => setWithoutPayment(!withoutPayment)}
            />
            <Label inline htmlFor="order-provisionWithoutPayment" ml="default">
              Provision without payment: hand the service over before the invoice is paid (recorded in the
              audit log)
            </Label>
          </Box>
          <FormMessage>{error('provisionWithoutPayment')}</FormMessage>
        </FormGroup>
      )}
      <FormGroup>
        <Label htmlFor="order-notes">Notes (kept on the order and the service)</Label>
        <TextArea
          id="order-notes"
          rows={3}
          width={1}
          value={notes}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNotes(e.target.value)}
        />
      </FormGroup>
      <Button type="submit" variant="contained" disabled={busy || !productId} data-testid="place-order">
        {busy ? <Icon icon="Loader" spin /> : null}
        Place order
      </Button>
    </Box>
  )
}

export default StaffOrder
