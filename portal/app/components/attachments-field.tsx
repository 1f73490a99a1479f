/** The file input of the ticket forms, labelled "Attachments", with its limits and error. */
export function AttachmentsField({
  accept,
  hint,
  error,
  form = 'ticket',
}: {
  accept: string
  hint: string
  error: string | undefined
  form?: string
}) {
  const id = `${form}-attachments`
  return (
    <div className="field">
      <label htmlFor={id}>
        Attachments<span className="optional"> (optional)</span>
      </label>
      <input
        id={id}
        name="attachments"
        type="file"
        multiple
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
