import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
  FormGroup,
  FormMessage,
  Icon,
  Input,
  Label,
  MessageBox,
  Select,
  Text,
  TextArea,
} from '@adminjs/design-system'
import { ACTION_DATA, readData } from '../../actions/record-data'
import type { FormFieldSpec, FormSpec } from '../../actions/billing-actions'
import { useRecordAction } from '../use-record-action'

type FieldSpec = FormFieldSpec

/**
 * The one form of billing's record actions (Record payment, Apply credit, Cancel, Refund, Add and
 * Remove credit). The server describes it (actions/billing-actions.ts: facts, fields, defaults);
 * this draws it, posts the values, and shows the server's field errors or notice. Amounts are
 * typed as decimal text and parsed on the server.
 */
const BillingForm: React.FC<ActionProps> = ({ action, record, resource }) => {
  const spec = readData<FormSpec>(record, ACTION_DATA) ?? null
  const [values, setValues] = useState<Record<string, string>>(spec?.values ?? {})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })

  if (!record) return null
  if (!spec)
    return (
      <MessageBox
        m="xl"
        variant="danger"
        message="This form could not be loaded. Reload the page to try again."
      />
    )

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }))

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const outcome = await send({ data: values })
    if (outcome.status === 'failed')
      return addNotice({ message: 'The request failed. Please try again.', type: 'error' })
    setErrors(outcome.status === 'refused' ? outcome.errors : {})
    if (outcome.status === 'refused' && outcome.notice) addNotice(outcome.notice)
  }

  const field = (f: FieldSpec) => {
    const id = `billing-${f.name}`
    const error = errors[f.name]
    const value = values[f.name] ?? ''
    let input: React.ReactNode
    switch (f.kind) {
      case 'textarea':
        input = (
          <TextArea
            id={id}
            name={f.name}
            width={1}
            rows={3}
            value={value}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(f.name, e.target.value)}
          />
        )
        break
      case 'select': {
        const options = f.options ?? []
        input = (
          <Select
            inputId={id}
            name={f.name}
            value={options.find((o) => o.value === value) ?? null}
            options={options}
            isClearable={!f.required}
            onChange={(selected: { value: string } | null) => set(f.name, selected?.value ?? '')}
          />
        )
        break
      }
      case 'money':
        input = (
          <Box flex flexDirection="row" alignItems="center">
            <Input
              id={id}
              name={f.name}
              inputMode="decimal"
              autoComplete="off"
              placeholder={f.placeholder ?? '0.00'}
              value={value}
              style={{ maxWidth: 220, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(f.name, e.target.value)}
            />
            {f.currency && (
              <Text ml="default" color="grey60">
                {f.currency}
              </Text>
            )}
          </Box>
        )
        break
      case 'date':
        input = (
          <Input
            id={id}
            name={f.name}
            type="date"
            value={value}
            style={{ maxWidth: 220 }}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(f.name, e.target.value)}
          />
        )
        break
      default:
        input = (
          <Input
            id={id}
            name={f.name}
            width={1}
            value={value}
            placeholder={f.placeholder}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(f.name, e.target.value)}
          />
        )
    }
    return (
      <FormGroup key={f.name} error={Boolean(error)}>
        <Label htmlFor={id} required={f.required}>
          {f.label}
        </Label>
        {input}
        {error ? (
          <FormMessage>{error}</FormMessage>
        ) : f.hint ? (
          <Text mt="sm" fontSize="sm" color="grey60">
            {f.hint}
          </Text>
        ) : null}
      </FormGroup>
    )
  }

  return (
    <Box variant="container" data-testid={`billing-form-${action.name}`}>
      <Text mb="lg" fontSize="h4" fontWeight="bold">
        {record.title}
      </Text>
      {spec.intro && (
        <Text mb="lg" color="grey80">
          {spec.intro}
        </Text>
      )}
      {spec.facts && spec.facts.length > 0 && (
        <Box flex flexDirection="row" flexWrap="wrap" mb="xl" style={{ gap: 24 }}>
          {spec.facts.map((fact) => (
            <Box key={fact.label}>
              <Text fontSize="sm" color="grey60">
                {fact.label}
              </Text>
              <Text fontSize="lg" fontWeight="bold" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {fact.value}
              </Text>
            </Box>
          ))}
        </Box>
      )}
      {spec.blocked ? (
        <MessageBox variant="info" message={spec.blocked} />
      ) : (
        <Box as="form" onSubmit={submit} style={{ maxWidth: 640 }}>
          {spec.fields.map(field)}
          <Button
            type="submit"
            variant={spec.variant === 'danger' ? 'danger' : 'contained'}
            disabled={busy}
            data-testid="billing-form-submit"
          >
            {busy ? <Icon icon="Loader" spin /> : null}
            {spec.confirmLabel}
          </Button>
        </Box>
      )}
    </Box>
  )
}

export default BillingForm
