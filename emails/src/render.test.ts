import { describe, expect, it } from 'vitest'
import { REDACTED, redactProps, TEMPLATE_NAMES, TEMPLATES, type TemplateName } from './registry'
import { EmailRenderError, render } from './render'

const brand = { companyName: 'Harbour Hosting', portalUrl: 'https://portal.example.test' }
const example = (name: TemplateName) => TEMPLATES[name].example as Record<string, unknown>
const secretsOf = (name: TemplateName) => TEMPLATES[name].secretProps as readonly string[]
// How Handlebars writes a value into HTML ('=' and '&' are escaped), so a secret is looked for in both forms.
const escaped = (v: string) => v.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')

describe('every template', () => {
  it.each(TEMPLATE_NAMES)('%s renders its example props to HTML and plain text', async (name) => {
    const props = example(name)
    const r = await render(name, props, brand)
    expect(r.subject).toBe(
      (TEMPLATES[name].subject as (p: unknown) => string)(TEMPLATES[name].props.parse(props)),
    )
    expect(r.subject.length).toBeGreaterThan(0)
    expect(r.html).toMatch(/^<!doctype html>/i)
    expect(r.html).toContain(`<title>${r.subject}</title>`)
    expect(r.html).toContain('Harbour Hosting')
    expect(r.text).not.toMatch(/<\/?(mj-|html|div|table)/)
    expect(r.text).toContain('Harbour Hosting')
    if (typeof props.firstName === 'string') expect(r.text).toContain(`Hello ${props.firstName}`)
    // The secrets (one-time links, passwords) reach the reader in both parts.
    for (const key of secretsOf(name)) {
      const value = String(props[key])
      expect(r.text).toContain(value)
      expect(r.html.includes(value) || r.html.includes(escaped(value))).toBe(true)
    }
  })

  it.each(TEMPLATE_NAMES)(
    '%s: the redacted rendering kept in the email log never contains the secret values',
    async (name) => {
      const props = example(name)
      const redacted = redactProps(name, props)
      for (const key of secretsOf(name)) expect(redacted[key]).toBe(REDACTED)
      for (const [key, value] of Object.entries(props))
        if (!secretsOf(name).includes(key)) expect(redacted[key]).toEqual(value)
      const r = await render(name, redacted, brand)
      for (const key of secretsOf(name)) {
        const value = String(props[key])
        for (const part of [r.html, r.text]) {
          expect(part).not.toContain(value)
          expect(part).not.toContain(escaped(value))
        }
      }
      if (secretsOf(name).length) expect(r.text).toContain(REDACTED)
    },
  )
})

describe('redactProps', () => {
  it('replaces exactly the secret props and leaves the input untouched', () => {
    const props = {
      firstName: 'Ada',
      resetUrl: 'https://portal.example.test/reset-password?token=abc123',
      expiresInMinutes: 60,
    }
    expect(redactProps('password-reset', props)).toEqual({
      firstName: 'Ada',
      resetUrl: REDACTED,
      expiresInMinutes: 60,
    })
    expect(props.resetUrl).toContain('abc123')
    expect(redactProps('email-changed', { firstName: 'Ada', newEmail: 'ada@example.test' })).toEqual({
      firstName: 'Ada',
      newEmail: 'ada@example.test',
    })
  })

  it('the one-time-link templates declare their link secret', () => {
    expect(TEMPLATES['verify-email'].secretProps).toContain('verifyUrl')
    expect(TEMPLATES['password-reset'].secretProps).toContain('resetUrl')
  })
})

describe('render', () => {
  it('refuses props that do not fit the schema', async () => {
    await expect(
      render('password-reset', { firstName: 'Ada', resetUrl: 'not a url', expiresInMinutes: 60 }, brand),
    ).rejects.toThrow(EmailRenderError)
    await expect(render('email-changed', { firstName: 'Ada' }, brand)).rejects.toThrow(
      /props for email-changed are invalid/,
    )
  })

  it('strict placeholders: a prop missing from a redacted rendering is an error, not an empty string', async () => {
    // A redacted rendering skips the schema check, so Handlebars' strict mode is what catches the gap.
    await expect(
      render('verify-email', { firstName: 'Ada', verifyUrl: REDACTED, expiresInHours: 48 }, brand),
    ).rejects.toThrow(/"email" not defined/)
  })

  it('escapes props in the HTML', async () => {
    const r = await render(
      'email-changed',
      { firstName: '<script>alert(1)</script>', newEmail: 'x"y@example.test' },
      brand,
    )
    expect(r.html).not.toContain('<script>alert(1)</script>')
    expect(r.html).toContain('&lt;script&gt;')
    expect(r.text).toContain('<script>alert(1)</script>')
  })
})
