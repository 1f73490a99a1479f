import { expect } from '@playwright/test'
import { stack } from './stack'

export interface Mail {
  to: string[]
  subject: string
  text: string
  html: string
}

/** Waits until a message for `to` whose subject matches arrives at the SMTP sink (sent by the worker). */
export async function waitForMail(to: string, subject: RegExp, after = 0): Promise<Mail> {
  let found: Mail | undefined
  await expect
    .poll(
      async () => {
        const res = await fetch(`${stack().mailboxUrl}/messages?to=${encodeURIComponent(to)}`)
        const mails = ((await res.json()) as Mail[]).slice(after)
        found = mails.find((m) => subject.test(m.subject))
        return Boolean(found)
      },
      { timeout: 20_000, message: `an email "${subject}" to ${to}` },
    )
    .toBe(true)
  return found!
}

export async function mailCount(to: string): Promise<number> {
  const res = await fetch(`${stack().mailboxUrl}/messages?to=${encodeURIComponent(to)}`)
  return ((await res.json()) as Mail[]).length
}

/** The first link in a mail's text that starts with the given base. */
export function linkFrom(mail: Mail, base: string): string {
  const match = mail.text.match(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s\\]>"]+`))
  if (!match) throw new Error(`no link to ${base} in the mail: ${mail.text}`)
  return match[0]
}
