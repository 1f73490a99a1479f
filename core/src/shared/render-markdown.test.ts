import { describe, expect, it } from 'vitest'
import { markdownToText, renderMarkdown } from './render-markdown'

describe('renderMarkdown', () => {
  it('renders ordinary Markdown: headings, emphasis, lists, code, tables, links', () => {
    const html = renderMarkdown(
      '# Title\n\nSome **bold** and _em_.\n\n- one\n- two\n\n```ts\nconst a = 1 < 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com/x)',
    )
    expect(html).toContain('<h1>Title</h1>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<em>em</em>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<code class="language-ts">const a = 1 &lt; 2')
    expect(html).toContain('<td>1</td>')
    expect(html).toContain('<a href="https://example.com/x" rel="noopener nofollow">docs</a>')
  })

  it.each([
    ['<script>alert(1)</script>hello', 'script'],
    ['<img src=x onerror="alert(1)">', 'onerror'],
    ['<img src="https://e.com/a.png" onload="alert(1)">', 'onload'],
    ['<a href="javascript:alert(1)">x</a>', 'javascript:'],
    ['[x](javascript:alert(1))', 'javascript:'],
    ['[x](JaVaScRiPt:alert(1))', 'javascript'],
    ['[x](&#106;avascript:alert(1))', 'avascript'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'data:'],
    ['![x](data:image/svg+xml;base64,PHN2Zz4=)', 'data:'],
    ['<iframe src="https://evil.example"></iframe>', 'iframe'],
    ['<style>body{display:none}</style>', 'style'],
    ['<svg onload=alert(1)><circle/></svg>', 'svg'],
    ['<div onclick="alert(1)">x</div>', 'onclick'],
    ['<object data="x.swf"></object><embed src="x.swf">', 'object'],
    ['<form action="https://evil"><input name=a></form>', 'form'],
    ['<a href="https://e.com" onmouseover="alert(1)">x</a>', 'onmouseover'],
    ['<p style="background:url(javascript:alert(1))">x</p>', 'style'],
    ['<meta http-equiv="refresh" content="0;url=https://evil">', 'meta'],
    ['<base href="https://evil/">', 'base'],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', 'onerror'],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', 'onerror'],
  ])('neutralises %s', (payload, forbidden) => {
    const html = renderMarkdown(payload)
    expect(html.toLowerCase()).not.toContain(forbidden.toLowerCase())
    expect(html).not.toMatch(/<(script|iframe|style|svg|object|embed|form|meta|base)\b/i)
    expect(html).not.toMatch(/\son\w+\s*=/i)
  })

  it('gives every link rel="noopener nofollow" and drops target', () => {
    const html = renderMarkdown('<a href="https://e.com" target="_self" rel="opener">x</a>')
    expect(html).toBe('<p><a href="https://e.com" rel="noopener nofollow">x</a></p>')
  })

  it('keeps only http(s) images and drops the rest entirely', () => {
    expect(renderMarkdown('![cat](https://e.com/cat.png)')).toContain(
      '<img src="https://e.com/cat.png" alt="cat" />',
    )
    expect(renderMarkdown('![cat](/local.png)')).not.toContain('<img')
    expect(renderMarkdown('![cat](//evil.example/x.png)')).not.toContain('<img')
  })

  it('escapes text that looks like HTML inside code and plain text', () => {
    expect(renderMarkdown('`<b>x</b>`')).toBe('<p><code>&lt;b&gt;x&lt;/b&gt;</code></p>')
  })

  it('renders empty input as an empty string', () => {
    expect(renderMarkdown('')).toBe('')
  })
})

describe('markdownToText', () => {
  it('strips formatting and scripts, keeping the words', () => {
    expect(markdownToText('**Hello** <script>alert(1)</script>_world_')).toBe('Hello world')
  })
})
