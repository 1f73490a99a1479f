import { Form, useLocation, useSubmit } from '@remix-run/react'
import { CsrfInput } from './hidden-fields'
import { useHydrated } from './use-hydrated'

/**
 * Visitors choose the currency prices are shown in (a logged-in client always sees its own). A
 * small POST form: it works without JavaScript ("Show"), and with it the choice applies at once.
 */
export function CurrencySwitcher({
  currencies,
  current,
}: {
  currencies: readonly { code: string; symbol: string; name: string }[]
  current: string
}) {
  const submit = useSubmit()
  const location = useLocation()
  const hydrated = useHydrated()
  if (currencies.length < 2) return null
  return (
    <Form
      method="post"
      action="/store/currency"
      className="currency-switcher"
      onChange={(e) => submit(e.currentTarget, { preventScrollReset: true })}
    >
      <CsrfInput />
      <input type="hidden" name="back" value={`${location.pathname}${location.search}`} />
      <label htmlFor="currency-select">Prices in</label>
      <select id="currency-select" name="currency" defaultValue={current} key={current}>
        {currencies.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} ({c.symbol})
          </option>
        ))}
      </select>
      {hydrated ? null : (
        <button type="submit" className="button button-secondary button-small">
          Show
        </button>
      )}
    </Form>
  )
}
