/**
 * A field people never see (hidden by the stylesheet, skipped by the keyboard, labelled "leave
 * empty" for screen readers) that form-filling bots do fill. Public forms check it and, when it is
 * filled, give the bot a dull answer and write nothing.
 */
export const HONEYPOT_FIELD = 'website'

export function isHoneypotFilled(form: FormData): boolean {
  const value = form.get(HONEYPOT_FIELD)
  return typeof value === 'string' && value.length > 0
}
