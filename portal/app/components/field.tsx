import type { ReactNode } from 'react'

interface CommonProps {
  /** Prefix of the element ids, unique per form, so two forms on a page never share an id. */
  form: string
  name: string
  label: string
  error?: string | undefined
  hint?: ReactNode
  required?: boolean
  className?: string
}

function ids(form: string, name: string, error: string | undefined, hint: ReactNode) {
  const id = `${form}-${name}`
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ')
  return { id, describedBy: describedBy || undefined }
}

function Messages({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  )
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean | undefined }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? null : <span className="optional"> (optional)</span>}
    </label>
  )
}

/** A labelled input with its error and hint wired up for screen readers. */
export function Field({
  form,
  name,
  label,
  error,
  hint,
  required = true,
  className,
  ...input
}: CommonProps & {
  type?: string
  defaultValue?: string | undefined
  autoComplete?: string
  inputMode?: 'email' | 'tel' | 'text' | 'decimal'
  maxLength?: number
  minLength?: number
  autoFocus?: boolean
}) {
  const { id, describedBy } = ids(form, name, error, hint)
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        type={input.type ?? 'text'}
        {...input}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  )
}

/** A labelled select (the country list). */
export function SelectField({
  form,
  name,
  label,
  error,
  hint,
  required = true,
  className,
  options,
  defaultValue,
  placeholder,
  autoComplete,
}: CommonProps & {
  options: readonly { value: string; label: string }[]
  defaultValue?: string | undefined
  placeholder?: string
  autoComplete?: string
}) {
  const { id, describedBy } = ids(form, name, error, hint)
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ''}
        required={required}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={id} error={error} hint={hint} />
    </div>
  )
}

/** A labelled multi-line text box (a cancellation reason). */
export function TextareaField({
  form,
  name,
  label,
  error,
  hint,
  required = true,
  className,
  defaultValue,
  maxLength,
  rows = 4,
}: CommonProps & {
  defaultValue?: string | undefined
  maxLength?: number
  rows?: number
}) {
  const { id, describedBy } = ids(form, name, error, hint)
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  )
}
