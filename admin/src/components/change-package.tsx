import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
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
} from '@adminjs/design-system'
import { ACTION_DATA, readData } from '../actions/record-data'
import type { packageChoices, packagePreview } from '../catalog/service-view'
import { useRecordAction } from './use-record-action'

/** What the server answers: catalog/service-view.ts, typed from there. */
type Choices = Awaited<ReturnType<typeof packageChoices>>
type Preview = Awaited<ReturnType<typeof packagePreview>>

/**
 * Change package: pick the product and its options; "Preview" asks core for the new recurring price
 * and the prorated difference for the rest of the period (nothing is written); "Confirm" asks for it
 * with that amount (refused if it changed in between). An upgrade that costs money waits for its
 * invoice; a change waiting for payment can be cancelled here, with its invoice.
 */
const ChangePackage: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const choices = readData<Choices>(record, ACTION_DATA) ?? null
  const [productId, setProductId] = useState(choices?.current.productId ?? '')
  const [options, setOptions] = useState<Record<string, string>>(choices?.selections ?? {})
  const [preview, setPreview] = useState<Preview | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)
  if (!record || !choices) return null

  const product = choices.products.find((p) => p.id === productId)
  const productOptions = choices.products.map((p) => ({
    value: p.id,
    label: `${p.name} · ${p.price} ${choices.current.cycle.toLowerCase()}${p.isHidden ? ' (hidden)' : ''}${p.id === choices.current.productId ? ' (current)' : ''}`,
  }))

  const post = async (step: 'preview' | 'confirm' | 'cancel-pending') => {
    setFailure(null)
    const chosen = Object.fromEntries(
      Object.entries(options).filter(([k]) => product?.options.some((o) => o.id === k)),
    )
    const data: Record<string, string> = { step, productId }
    for (const [k, v] of Object.entries(chosen)) data[`options.${k}`] = v
    if (step === 'confirm' && preview) data.expectedAmount = preview.expectedAmount
    const outcome = await send<{ preview?: Preview }>({ data, follow: step !== 'preview' })
    if (outcome.status === 'failed')
      return addNotice({ message: 'That did not work. Please try again.', type: 'error' })
    if (outcome.status === 'refused') {
      setErrors(outcome.errors)
      setFailure(outcome.notice?.message ?? 'Please correct the choices marked below.')
      return setPreview(null)
    }
    setErrors({})
    if (step === 'preview') setPreview(outcome.answer.preview ?? null)
  }

  const change = (next: () => void) => {
    next()
    setPreview(null)
  }

  return (
    <Box variant="container" data-testid="change-package">
      <H4 mb="sm">Change the package of {record.title}</H4>
      <Text color="grey60" mb="lg">
        Now: {choices.current.productName}, {choices.current.recurring} {choices.current.cycle.toLowerCase()}
        {choices.current.options.length
          ? ` (${choices.current.options.map((o) => `${o.name}: ${o.value}`).join(', ')})`
          : ''}
        . The billing cycle stays. An upgrade that costs money waits for its invoice and applies when it is
        paid; anything else applies at once.
      </Text>
      {choices.pendingChange && (
        <Box mb="lg" data-testid="pending-package-change">
          <MessageBox
            variant="warning"
            message={`A change to ${choices.pendingChange.to} (${choices.pendingChange.newRecurring}) waits for payment of invoice ${choices.pendingChange.invoice.number ?? ''} (${choices.pendingChange.invoice.balance} due, pay by ${choices.pendingChange.payBy}). Another change is refused until it is paid, expires or is cancelled.`}
          />
          <Button
            mt="default"
            variant="outlined"
            color="danger"
            onClick={() => post('cancel-pending')}
            disabled={busy}
            data-testid="cancel-pending-package"
          >
            Cancel the pending change and its invoice
          </Button>
        </Box>
      )}
      {!choices.canChangePackage && (
        <MessageBox
          mb="lg"
          variant="warning"
          message="This service cannot change package now (it must be active, recurring, paid for the current period and without an open cancellation). Core will say why if you try."
        />
      )}
      {failure && (
        <MessageBox mb="lg" variant="danger" message={failure} data-testid="change-package-error" />
      )}

      <FormGroup error={Boolean(errors.productId)}>
        <Label htmlFor="productId" required>
          New product
        </Label>
        <Select
          inputId="productId"
          value={productOptions.find((o) => o.value === productId) ?? null}
          options={productOptions}
          onChange={(s: { value: string } | null) => change(() => setProductId(s?.value ?? ''))}
        />
        <FormMessage>
          {errors.productId ?? "Products offered on this service's cycle in the client's currency."}
        </FormMessage>
      </FormGroup>

      {product?.options.map((o) => {
        const path = `options.${o.id}`
        const value = options[o.id] ?? ''
        const set = (v: string) => change(() => setOptions((current) => ({ ...current, [o.id]: v })))
        let input: React.ReactNode
        if (o.type === 'QUANTITY')
          input = (
            <Input
              id={path}
              type="number"
              min={o.minQuantity}
              max={o.maxQuantity}
              style={{ width: 140 }}
              value={value || String(o.minQuantity)}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)}
            />
          )
        else if (o.type === 'YES_NO') {
          const yesNo = [
            { value: 'false', label: 'No' },
            { value: 'true', label: `Yes${o.choices[0]?.price ? ` (+${o.choices[0].price})` : ''}` },
          ]
          input = (
            <Select
              inputId={path}
              value={yesNo.find((c) => c.value === (value || 'false'))}
              options={yesNo}
              onChange={(s: { value: string } | null) => set(s?.value ?? 'false')}
            />
          )
        } else {
          const list = o.choices.map((c) => ({
            value: c.id,
            label: `${c.label}${c.price ? ` (+${c.price})` : ''}`,
          }))
          input = (
            <Select
              inputId={path}
              value={list.find((c) => c.value === value) ?? list[0] ?? null}
              options={list}
              onChange={(s: { value: string } | null) => set(s?.value ?? '')}
            />
          )
        }
        return (
          <FormGroup key={o.id} error={Boolean(errors[path])}>
            <Label htmlFor={path}>
              {o.name}
              {o.type === 'QUANTITY'
                ? ` (${o.minQuantity}–${o.maxQuantity}${o.unit ? ` ${o.unit}` : ''}${o.choices[0]?.price ? `, ${o.choices[0].price} each` : ''})`
                : ''}
            </Label>
            {input}
            <FormMessage>{errors[path]}</FormMessage>
          </FormGroup>
        )
      })}

      <Box flex flexDirection="row" mt="lg" mb="xl">
        <Button
          variant="outlined"
          onClick={() => post('preview')}
          disabled={busy || !productId}
          data-testid="preview-package"
        >
          {busy && !preview ? <Icon icon="Loader" spin /> : <Icon icon="Eye" />} Preview the price
        </Button>
      </Box>

      {preview && (
        <Box
          variant="card"
          p="lg"
          mb="xl"
          data-testid="package-preview"
          style={{ border: '1px solid #c9cfe0' }}
        >
          <H5 mb="default">
            {preview.currentProduct} → {preview.newProduct}
          </H5>
          {preview.options.length > 0 && (
            <Text mb="default" color="grey60">
              {preview.options.map((o) => `${o.name}: ${o.value}`).join(' · ')}
            </Text>
          )}
          <table style={{ borderCollapse: 'collapse', marginBottom: 12 }}>
            <tbody>
              <tr>
                <td style={{ padding: '4px 24px 4px 0' }}>Recurring price ({preview.cycle.toLowerCase()})</td>
                <td>
                  <s>{preview.currentRecurring}</s> → <strong>{preview.newRecurring}</strong>
                </td>
              </tr>
              <tr>
                <td style={{ padding: '4px 24px 4px 0' }}>Current period</td>
                <td>
                  {preview.periodStart} – {preview.periodEnd}: {preview.remainingDays} of {preview.totalDays}{' '}
                  days left, today included
                </td>
              </tr>
              {preview.charge && (
                <>
                  <tr>
                    <td style={{ padding: '4px 24px 4px 0' }}>Prorated upgrade</td>
                    <td>{preview.charge.amount}</td>
                  </tr>
                  <tr>
                    <td style={{ padding: '4px 24px 4px 0' }}>Tax</td>
                    <td>{preview.charge.tax}</td>
                  </tr>
                  <tr>
                    <td style={{ padding: '4px 24px 4px 0' }}>
                      <strong>Invoiced</strong>
                    </td>
                    <td>
                      <strong data-testid="preview-total">{preview.charge.total}</strong>
                    </td>
                  </tr>
                  <tr>
                    <td colSpan={2}>
                      The change applies when this invoice is paid; unpaid by {preview.expiresOn}, both
                      expire.
                    </td>
                  </tr>
                </>
              )}
              {preview.credit && (
                <tr>
                  <td style={{ padding: '4px 24px 4px 0' }}>
                    <strong>Credited to the client</strong>
                  </td>
                  <td>
                    <strong data-testid="preview-credit">{preview.credit}</strong>
                  </td>
                </tr>
              )}
              {preview.creditBoundedFrom && (
                <tr>
                  <td colSpan={2}>
                    Less than the prorated difference ({preview.creditBoundedFrom}): credit is bounded by what
                    the client paid for the rest of the period.
                  </td>
                </tr>
              )}
              {preview.kind === 'none' && (
                <tr>
                  <td colSpan={2}>No price difference for the rest of the period.</td>
                </tr>
              )}
            </tbody>
          </table>
          <Button
            variant="contained"
            onClick={() => post('confirm')}
            disabled={busy}
            data-testid="confirm-package"
          >
            {busy ? <Icon icon="Loader" spin /> : null}
            {preview.charge
              ? `Invoice ${preview.charge.total} (applies when paid)`
              : `Confirm the change${preview.credit ? ` and credit ${preview.credit}` : ''}`}
          </Button>
        </Box>
      )}
    </Box>
  )
}

export default ChangePackage
