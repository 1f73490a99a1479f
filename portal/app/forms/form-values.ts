/** The text fields of a submitted form, for core's input and for refilling the form on refusal. */
export function formText<const K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>
  for (const name of names) {
    const value = form.get(name)
    out[name] = typeof value === 'string' ? value : ''
  }
  return out
}
