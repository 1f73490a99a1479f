import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Handlebars from 'handlebars'
import { convert } from 'html-to-text'
import mjml2html from 'mjml'
import { TEMPLATES, type TemplateName } from './registry'

export interface Brand {
  companyName: string
  portalUrl: string
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

const TEMPLATE_DIR = fileURLToPath(new URL('../templates/', import.meta.url))
const cache = new Map<string, Handlebars.TemplateDelegate>()

function compiled(file: string): Handlebars.TemplateDelegate {
  let t = cache.get(file)
  if (!t) {
    // strict: a prop missing from the data is an error, not an empty string in a customer's inbox.
    t = Handlebars.compile(readFileSync(`${TEMPLATE_DIR}${file}.mjml`, 'utf8'), { strict: true })
    cache.set(file, t)
  }
  return t
}

export class EmailRenderError extends Error {}

/** Renders a template: props validated by its schema, values HTML-escaped, MJML to HTML, plus text. */
export async function render(
  name: TemplateName,
  props: Record<string, unknown>,
  brand: Brand,
): Promise<RenderedEmail> {
  const def = TEMPLATES[name]
  const parsed = def.props.safeParse(props)
  // Redacted renderings (for the email log) carry '[redacted]' where a URL was: allow that.
  const data = (parsed.success ? parsed.data : props) as Record<string, unknown>
  if (!parsed.success && !Object.values(props).includes('[redacted]')) {
    throw new EmailRenderError(`props for ${name} are invalid: ${parsed.error.message}`)
  }
  const subject = (def.subject as (p: unknown) => string)(data)
  const body = compiled(name)({ ...data, brand })
  const page = compiled('_layout')({ body, brand, subject, preview: subject })
  const result = await mjml2html(page, { validationLevel: 'strict' })
  if (result.errors.length)
    throw new EmailRenderError(`${name}: ${result.errors.map((e) => e.formattedMessage).join('; ')}`)
  const text = convert(result.html, {
    wordwrap: 78,
    selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
  })
  return { subject, html: result.html, text }
}
