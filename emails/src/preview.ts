// Writes every template, rendered with its example props, to emails/.preview/<name>.html and .txt.
import { mkdirSync, writeFileSync } from 'node:fs'
import { TEMPLATES, TEMPLATE_NAMES } from './registry'
import { render } from './render'

const out = new URL('../.preview/', import.meta.url)
mkdirSync(out, { recursive: true })
for (const name of TEMPLATE_NAMES) {
  const r = await render(name, TEMPLATES[name].example as Record<string, unknown>, {
    companyName: 'Berth Hosting',
    portalUrl: 'http://localhost:3000',
  })
  writeFileSync(new URL(`${name}.html`, out), r.html)
  writeFileSync(new URL(`${name}.txt`, out), `Subject: ${r.subject}\n\n${r.text}`)
  console.log(`${name}: ${r.subject}`)
}
