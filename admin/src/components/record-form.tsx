import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
  FormGroup,
  FormMessage,
  H4,
  Icon,
  Input,
  Label,
  MessageBox,
  Select,
  Text,
  TextArea,
} from '@adminjs/design-system'
import { useRecordAction } from './use-record-action'
import { ACTION_DATA, readData } from '../actions/record-data'

interface Field {
  name: string
  label: string
  type?: 'text' | 'textarea' | 'date' | 'select' | 'password'
  required?: boolean
  hint?: string
  /** only shown when a record param has this value (a set-up task's login fields) */
  when?: { param: string; equals: string }
  /** pre-filled from this record param */
  initialFrom?: string
}

interface Custom {
  question?: string
  explanation?: string
  confirmLabel?: string
  variant?: 'danger' | 'primary'
  fields?: Field[]
  showDescription?: boolean
}

/** What the server may add on GET (its action data): lines to show and the choices of select fields. */
interface CommandData {
  summary?: string[]
  options?: Record<string, { value: string; label: string }[]>
}

/**
 * A state-changing record action with a small form (a reason, a date, a cycle, login details) or
 * just a confirmation. Opening it only reads; the button POSTs. Core's refusals (an illegal
 * transition, a bad date) are shown here with core's own message, and nothing changes.
 */
const RecordForm: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const custom = (action.custom ?? {}) as Custom
  // `command`: registrar-config's edit until it moves to recordAction's ACTION_DATA
  const command = readData<CommandData>(record, ACTION_DATA) ?? {}
  const fields = (custom.fields ?? []).filter(
    (f) => !f.when || String(record?.params?.[f.when.param] ?? '') === f.when.equals,
  )
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        f.initialFrom
          ? String(record?.params?.[f.initialFrom] ?? '').slice(0, f.type === 'date' ? 10 : undefined)
          : '',
      ]),
    ),
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string | null>(null)
  if (!record) return null

  const run = async (event?: React.FormEvent) => {
    event?.preventDefault()
    setFailure(null)
    const outcome = await send({ data: { confirm: 'yes', ...values } })
    if (outcome.status === 'failed')
      addNotice({ message: 'That did not work. Please try again.', type: 'error' })
    if (outcome.status !== 'refused') return
    setErrors(outcome.errors)
    setFailure(outcome.notice?.message ?? 'Please correct the fields marked below.')
  }

  const description = custom.showDescription ? String(record.params.description ?? '') : ''
  return (
    <Box variant="container" as="form" onSubmit={run} data-testid={`command-${action.name}`}>
      <H4 mb="lg">{custom.question ?? `${action.label}?`}</H4>
      <Text mb="lg" fontWeight="bold">
        {record.title}
      </Text>
      {description && (
        <pre
          style={{
            background: '#f6f7fb',
            border: '1px solid #e0e3ef',
            borderRadius: 4,
            padding: 12,
            whiteSpace: 'pre-wrap',
            fontSize: 13,
            marginBottom: 24,
          }}
        >
          {description}
        </pre>
      )}
      {custom.explanation && (
        <MessageBox
          mb="xl"
          variant={custom.variant === 'danger' ? 'warning' : 'info'}
          message={custom.explanation}
        />
      )}
      {command.summary && command.summary.length > 0 && (
        <Box mb="xl" data-testid="command-summary">
          {command.summary.map((line, i) => (
            <Text key={i} mb="sm">
              {line}
            </Text>
          ))}
        </Box>
      )}
      {failure && <MessageBox mb="xl" variant="danger" message={failure} data-testid="command-error" />}
      {fields.map((f) => {
        const id = `command-${f.name}`
        const set = (v: string) => setValues((current) => ({ ...current, [f.name]: v }))
        const options = command.options?.[f.name] ?? []
        return (
          <FormGroup key={f.name} error={Boolean(errors[f.name])}>
            <Label htmlFor={id} required={f.required}>
              {f.label}
            </Label>
            {f.type === 'textarea' ? (
              <TextArea
                id={id}
                name={f.name}
                rows={3}
                width={1}
                value={values[f.name] ?? ''}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(e.target.value)}
              />
            ) : f.type === 'select' ? (
              options.length ? (
                <Select
                  inputId={id}
                  value={options.find((o) => o.value === values[f.name]) ?? null}
                  options={options}
                  onChange={(s: { value: string } | null) => set(s?.value ?? '')}
                />
              ) : (
                <Text color="grey60">Nothing to choose from.</Text>
              )
            ) : (
              <Input
                id={id}
                name={f.name}
                width={1}
                type={f.type === 'date' ? 'date' : f.type === 'password' ? 'password' : 'text'}
                autoComplete={f.type === 'password' ? 'new-password' : 'off'}
                value={values[f.name] ?? ''}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)}
              />
            )}
            <FormMessage>{errors[f.name] ?? f.hint}</FormMessage>
          </FormGroup>
        )
      })}
      <Button
        type="submit"
        variant={custom.variant === 'danger' ? 'danger' : 'contained'}
        disabled={busy}
        data-testid="confirm-command"
      >
        {busy ? <Icon icon="Loader" spin /> : null}
        {custom.confirmLabel ?? action.label}
      </Button>
    </Box>
  )
}

export default RecordForm
