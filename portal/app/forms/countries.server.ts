import { countryOptions } from '@berth/core'

/** The country list for select boxes, computed once (it is ~250 entries sorted by name). */
let cached: { value: string; label: string }[] | undefined
export function countrySelectOptions() {
  cached ??= countryOptions('en').map((c) => ({ value: c.code, label: c.name }))
  return cached
}
