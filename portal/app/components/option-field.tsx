import type { OptionView } from '~/store/product-view.server'
import { optionField } from '~/store/labels'

/**
 * One configurable option as a form field, named `options.<optionId>` (core's own field name):
 * a dropdown or radio choices, a yes/no box, or a quantity within min and max. Each choice shows
 * its price in `cycle`.
 */
export function OptionField({
  form,
  option: o,
  cycle,
  value,
  error,
}: {
  form: string
  option: OptionView
  cycle: string
  value: string | undefined
  error: string | undefined
}) {
  const name = optionField(o.id)
  const id = `${form}-option-${o.id}`
  const errorId = `${id}-error`
  const priceOf = (choice: OptionView['choices'][number]) =>
    [choice.price[cycle], choice.setupFee[cycle]].filter(Boolean).join(' ')
  const errorText = error ? (
    <p id={errorId} className="field-error">
      {error}
    </p>
  ) : null
  if (o.type === 'DROPDOWN') {
    return (
      <div className="field">
        <label htmlFor={id}>{o.name}</label>
        <select
          id={id}
          name={name}
          defaultValue={value ?? o.choices[0]?.id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        >
          {o.choices.map((ch) => (
            <option key={ch.id} value={ch.id}>
              {ch.label}
              {priceOf(ch) ? ` (${priceOf(ch)})` : ''}
            </option>
          ))}
        </select>
        {errorText}
      </div>
    )
  }
  if (o.type === 'RADIO') {
    return (
      <fieldset className="field radio-field" aria-describedby={error ? errorId : undefined}>
        <legend className="field-legend">{o.name}</legend>
        <div className="radio-row">
          {o.choices.map((ch) => (
            <label key={ch.id} className="radio-pill">
              <input
                type="radio"
                name={name}
                value={ch.id}
                defaultChecked={(value ?? o.choices[0]?.id) === ch.id}
                aria-invalid={error ? true : undefined}
              />
              <span>
                {ch.label}
                {priceOf(ch) ? <span className="price-note"> {priceOf(ch)}</span> : null}
              </span>
            </label>
          ))}
        </div>
        {errorText}
      </fieldset>
    )
  }
  if (o.type === 'YES_NO') {
    const yes = o.choices[0]
    return (
      <div className="field">
        <label className="check-row">
          <input
            type="checkbox"
            name={name}
            value="yes"
            defaultChecked={value === 'yes' || value === 'true' || value === '1'}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          <span>
            <strong>{o.name}</strong>
            {yes && priceOf(yes) ? <span className="price-note"> {priceOf(yes)}</span> : null}
          </span>
        </label>
        {errorText}
      </div>
    )
  }
  const unit = o.choices[0]
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{o.name}</label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        min={o.min}
        max={o.max}
        step={1}
        defaultValue={value ?? String(o.min)}
        className="quantity-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
      />
      <p id={hintId} className="field-hint">
        {o.min} to {o.max}
        {o.unit ? ` ${o.unit}` : ''}
        {unit && priceOf(unit) ? `, ${priceOf(unit)}` : ''}
      </p>
      {errorText}
    </div>
  )
}
