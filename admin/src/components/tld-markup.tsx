import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
  FormGroup,
  FormMessage,
  H4,
  Input,
  Label,
  MessageBox,
  Text,
} from '@adminjs/design-system'
import { useRecordAction } from './use-record-action'

interface PreviewRow {
  tld: string
  currency: string
  item: string
  cost: string | null
  current: string
  proposed: string | null
}
interface Preview {
  rows: PreviewRow[]
  changes: number
  withoutCost: number
}
interface Answer {
  preview?: Preview
}

/**
 * "Apply markup" over the TLD list: price = cost + percent, for the TLDs named (or all) in one
 * currency (or all). Preview first (nothing written: every row with its cost, current and proposed
 * price in minor units, and the rows without a cost that stay as they are), then apply.
 */
const TldMarkup: React.FC<ActionProps> = ({ resource }) => {
  const { send: sendAction, addNotice } = useRecordAction({
    resourceId: resource.id,
    actionName: 'applyMarkup',
  })
  const [percent, setPercent] = useState('')
  const [currency, setCurrency] = useState('')
  const [tlds, setTlds] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)

  const send = async (step: 'preview' | 'apply') => {
    setFailure(null)
    setErrors({})
    const outcome = await sendAction<Answer>({
      data: { step, percent, currency, tlds },
      recordId: null,
      follow: false,
    })
    if (outcome.status === 'failed') return setFailure('That did not work. Please try again.')
    if (outcome.status === 'refused') {
      setErrors(outcome.errors)
      return setFailure(outcome.notice?.message ?? 'Please correct the fields marked below.')
    }
    if (step === 'preview') setPreview(outcome.answer.preview ?? null)
    else {
      setPreview(null)
      if (outcome.answer.notice) addNotice(outcome.answer.notice)
    }
  }

  return (
    <Box variant="container" data-testid="tld-markup">
      <H4 mb="lg">Apply a markup over cost</H4>
      {failure && <MessageBox mb="lg" variant="danger" message={failure} />}
      <FormGroup error={Boolean(errors.percent)}>
        <Label htmlFor="percent" required>
          Markup (%)
        </Label>
        <Input
          id="percent"
          value={percent}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPercent(e.target.value)}
        />
        <FormMessage>{errors.percent ?? 'Price = cost + this percentage, e.g. 25 or 12.5.'}</FormMessage>
      </FormGroup>
      <FormGroup error={Boolean(errors.currency)}>
        <Label htmlFor="currency">Currency</Label>
        <Input
          id="currency"
          value={currency}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCurrency(e.target.value)}
        />
        <FormMessage>{errors.currency ?? 'e.g. USD; empty: every currency.'}</FormMessage>
      </FormGroup>
      <FormGroup error={Boolean(errors.tlds || errors.tldIds)}>
        <Label htmlFor="tlds">TLDs</Label>
        <Input
          id="tlds"
          value={tlds}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTlds(e.target.value)}
        />
        <FormMessage>{errors.tlds ?? errors.tldIds ?? 'e.g. com, net, io; empty: every TLD.'}</FormMessage>
      </FormGroup>
      <Box flex flexDirection="row" style={{ gap: 16 }} mb="lg">
        <Button variant="outlined" onClick={() => void send('preview')} data-testid="markup-preview">
          Preview
        </Button>
        <Button
          variant="contained"
          disabled={!preview}
          onClick={() => void send('apply')}
          data-testid="markup-apply"
        >
          Apply
        </Button>
      </Box>
      {preview && (
        <>
          <Text mb="default">
            {preview.changes} price(s) would change; {preview.withoutCost} without a cost price stay as they
            are.
          </Text>
          <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
            <thead>
              <tr>
                {['TLD', 'Currency', 'Item', 'Cost', 'Now', 'New'].map((h) => (
                  <th key={h} style={{ textAlign: 'left', padding: '4px 12px 4px 0' }}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={`${r.tld}-${r.currency}-${r.item}`}>
                  <td>.{r.tld}</td>
                  <td>{r.currency}</td>
                  <td>{r.item}</td>
                  <td>{r.cost ?? 'no cost'}</td>
                  <td>{r.current}</td>
                  <td>{r.proposed ?? 'unchanged'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Text mt="default" color="grey60" fontSize="sm">
            Amounts in minor units (cents).
          </Text>
        </>
      )}
    </Box>
  )
}

export default TldMarkup
