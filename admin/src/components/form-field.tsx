import React from 'react'
import { FormGroup, FormMessage, Input, Label } from '@adminjs/design-system'

/** One labelled input with its error, for the console's own pages (My account, Settings). */
export const FormField: React.FC<{
  name: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
  type?: string
  autoComplete?: string
  required?: boolean
  disabled?: boolean
  hint?: string
}> = ({ name, label, value, onChange, error, type = 'text', autoComplete, required, disabled, hint }) => (
  <FormGroup error={Boolean(error)}>
    <Label htmlFor={name} required={required}>
      {label}
    </Label>
    <Input
      id={name}
      name={name}
      type={type}
      value={value}
      autoComplete={autoComplete}
      disabled={disabled}
      width={1}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
    <FormMessage>{error ?? hint}</FormMessage>
  </FormGroup>
)

export type FieldErrors = Record<string, string>

export interface PageAnswer<T = unknown> {
  ok?: boolean
  notice?: { message: string; type: 'success' | 'error' | 'info' }
  errors?: FieldErrors
  data?: T
}
