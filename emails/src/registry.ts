import { z } from 'zod'

/**
 * Every email Berth sends: its props schema, subject, which props are secrets (one-time links and
 * codes, redacted in the email log) and example props for previews and tests.
 */
export interface TemplateDefinition<P extends z.ZodType> {
  props: P
  subject: (props: z.output<P>) => string
  secretProps: readonly (keyof z.output<P>)[]
  example: z.input<P>
}

function define<P extends z.ZodType>(def: TemplateDefinition<P>): TemplateDefinition<P> {
  return def
}

export const TEMPLATES = {
  'verify-email': define({
    props: z.object({ firstName: z.string(), email: z.string(), verifyUrl: z.string().url(), expiresInHours: z.number().int() }),
    subject: () => 'Confirm your email address',
    secretProps: ['verifyUrl'],
    example: { firstName: 'Ada', email: 'ada@example.com', verifyUrl: 'https://portal.example.com/verify-email?token=abc', expiresInHours: 48 },
  }),
  'password-reset': define({
    props: z.object({ firstName: z.string(), resetUrl: z.string().url(), expiresInMinutes: z.number().int() }),
    subject: () => 'Reset your password',
    secretProps: ['resetUrl'],
    example: { firstName: 'Ada', resetUrl: 'https://portal.example.com/reset-password?token=abc', expiresInMinutes: 60 },
  }),
  'email-changed': define({
    props: z.object({ firstName: z.string(), newEmail: z.string() }),
    subject: () => 'Your email address was changed',
    secretProps: [],
    example: { firstName: 'Ada', newEmail: 'ada.new@example.com' },
  }),
  'password-changed': define({
    props: z.object({ firstName: z.string(), viaReset: z.boolean() }),
    subject: () => 'Your password was changed',
    secretProps: [],
    example: { firstName: 'Ada', viaReset: false },
  }),
} as const

export type TemplateName = keyof typeof TEMPLATES
export type TemplateProps<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]['props']>

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[]

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name)
}

export const REDACTED = '[redacted]'

/** The props with every secret replaced, as the email log keeps them. */
export function redactProps(name: TemplateName, props: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set<string>(TEMPLATES[name].secretProps as readonly string[])
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(props)) out[k] = secrets.has(k) ? REDACTED : v
  return out
}
