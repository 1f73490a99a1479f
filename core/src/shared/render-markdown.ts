import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

// The one way Berth turns user- or staff-written Markdown (tickets, KB articles, announcements)
// into HTML. Marked parses; sanitize-html then keeps only an allowlist, so raw HTML in the source
// cannot smuggle in script, style, iframes, event handlers or javascript:/data: URLs.
const marked = new Marked({ gfm: true, breaks: true, async: false })

const allowedTags = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
  'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'a', 'img',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
] // prettier-ignore

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text inside dropped script/style/textarea etc. is dropped too, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    a: (tagName, attribs) => {
      const { target: _target, rel: _rel, ...rest } = attribs
      return { tagName, attribs: { ...rest, rel: 'noopener nofollow' } }
    },
    // Only GitHub-style task-list checkboxes survive, always disabled.
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? {
            tagName,
            attribs: {
              type: 'checkbox',
              disabled: '',
              ...(attribs.checked !== undefined ? { checked: '' } : {}),
            },
          }
        : { tagName: 'span', attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https?:\/\//i.test(frame.attribs.src ?? ''),
}

/** Markdown → sanitized HTML, safe to put in a page or an email with `dangerouslySetInnerHTML`. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown ?? '') as string
  return sanitizeHtml(html, sanitizeOptions).trim()
}

/** Markdown → plain text (tags stripped, entities kept escaped), for excerpts and text emails. */
export function markdownToText(markdown: string): string {
  const html = marked.parse(markdown ?? '') as string
  const text = sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style'],
  })
  return decodeEntities(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}
