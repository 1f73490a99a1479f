import { randomUUID } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { updateSettings } from '../../settings'
import type { Ctx } from '../../shared'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { formatRate } from '../../money'
import { loadLogo, pdfSafe, renderInvoicePdf } from './render-invoice-pdf'

/**
 * The text a PDF shows, as a reader would extract it: each content stream inflated, the font each
 * `Tf` selects, and the glyph ids of its `TJ` strings mapped back to characters through that font's
 * ToUnicode CMap (the embedded fonts are subset: glyph ids mean nothing without it).
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const objects = new Map<string, { dict: string; stream: string | null }>()
  for (const m of raw.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) {
    const body = m[2]!
    const at = body.indexOf('stream\n')
    if (at === -1) {
      objects.set(m[1]!, { dict: body, stream: null })
      continue
    }
    const dict = body.slice(0, at)
    const bytes = Buffer.from(body.slice(at + 'stream\n'.length, body.lastIndexOf('\nendstream')), 'latin1')
    let stream: string | null = null
    try {
      stream = (/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes).toString('latin1')
    } catch {
      // an image or a font program
    }
    objects.set(m[1]!, { dict, stream })
  }
  const cmapOf = new Map<string, Map<number, string>>()
  for (const [, fonts] of raw.matchAll(/\/Font <<([^>]*)>>/g)) {
    for (const [, name, ref] of fonts!.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(ref!)?.dict ?? '')?.[1]
      const cmap = new Map<number, string>()
      for (const [, first, , entries] of (objects.get(toUnicode ?? '')?.stream ?? '').matchAll(
        /<([0-9a-f]+)> <([0-9a-f]+)> \[(.*?)\]/g,
      )) {
        ;[...entries!.matchAll(/<([0-9a-f ]+)>/g)].forEach((e, i) => {
          const units = e[1]!
            .replace(/ /g, '')
            .match(/.{4}/g)!
            .map((u) => parseInt(u, 16))
          cmap.set(parseInt(first!, 16) + i, String.fromCharCode(...units))
        })
      }
      cmapOf.set(name!, cmap)
    }
  }
  const out: string[] = []
  for (const { stream } of objects.values()) {
    if (!stream?.includes(' Tf')) continue
    let cmap = new Map<number, string>()
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[(.*?)\] TJ/g)) {
      if (op[1]) cmap = cmapOf.get(op[1]) ?? new Map()
      else {
        const glyphs = [...op[2]!.matchAll(/<([0-9a-f]*)>/g)].flatMap((h) => h[1]!.match(/.{4}/g) ?? [])
        out.push(glyphs.map((g) => cmap.get(parseInt(g, 16)) ?? '\uFFFD').join(''))
      }
    }
  }
  return out.join('\n')
}

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

let billing: Ctx
let admin: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = team.admin.ctx
  await getDb().taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
})

describe('renderInvoicePdf', () => {
  it('renders a real PDF with the company, number, buyer, items, tax, payments and balance', async () => {
    await updateSettings(admin, {
      'company.logoUrl': `data:image/png;base64,${PNG}`,
      'company.taxId': 'GB999999973',
    })
    const client = await makeBillingClient({ companyName: 'Pdf Buyer Ltd' })
    const inv = await makeInvoice(billing, client.clientId, [
      item(1999, { description: 'VPS Large', quantity: 2 }),
      item(500, { description: 'Setup', isTaxable: false }),
    ])
    await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 2000,
      reference: 'WIRE-PDF-1',
    })
    const pdf = await renderInvoicePdf(client.ctx, { invoiceId: inv.id })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.subarray(-6).toString()).toContain('%%EOF')
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/)
    const text = pdfText(pdf)
    for (const expected of [
      `Invoice ${inv.number}`,
      'Berth Hosting',
      'Tax ID: GB999999973',
      'Pdf Buyer Ltd',
      'VPS Large',
      'Setup *',
      '$19.99',
      '$39.98',
      'VAT 20%',
      '$8.00',
      '$52.98',
      'WIRE-PDF-1',
      'Balance due',
      '$32.98',
      'PARTIALLY PAID',
      'United Kingdom',
    ]) {
      expect(text).toContain(expected)
    }
    if (process.env.BERTH_PDF_OUT) writeFileSync(process.env.BERTH_PDF_OUT, pdf)
    const staffPdf = await renderInvoicePdf(billing, { invoiceId: inv.id })
    expect(staffPdf.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('draws a draft for staff, never for the client; other clients get NOT_FOUND', async () => {
    const client = await makeBillingClient()
    const other = await makeBillingClient()
    const draft = await makeInvoice(billing, client.clientId, [item(100)], { publish: false })
    const published = await makeInvoice(billing, client.clientId, [item(100)])
    expect(pdfText(await renderInvoicePdf(billing, { invoiceId: draft.id }))).toContain('Draft invoice')
    for (const [ctx, id] of [
      [client.ctx, draft.id],
      [other.ctx, published.id],
      [client.ctx, randomUUID()],
      [client.ctx, '../../etc/passwd'],
    ] as const) {
      expect((await expectDomainError(renderInvoicePdf(ctx, { invoiceId: id }))).code).toBe('NOT_FOUND')
    }
    const support = await makeStaff('Support')
    expect((await expectDomainError(renderInvoicePdf(support.ctx, { invoiceId: published.id }))).code).toBe(
      'FORBIDDEN',
    )
  })

  it('handles many items over several pages, and prints names in Latin, Greek and Cyrillic scripts as written', async () => {
    const client = await makeBillingClient({ companyName: 'Łódź Spółka Ünïcødé Ελληνικά Москва 株式会社' })
    const items = Array.from({ length: 60 }, (_, i) =>
      item(100 + i, {
        description: `Line ${i + 1} – a long description that wraps over more than one line in the table of items`,
      }),
    )
    const inv = await makeInvoice(billing, client.clientId, items)
    const pdf = await renderInvoicePdf(client.ctx, { invoiceId: inv.id })
    const text = pdfText(pdf)
    expect(text).toContain('Line 60')
    expect(text).toMatch(/page 1 of [2-9]/)
    expect(text).toContain('Łódź Spółka Ünïcødé Ελληνικά Москва ????')
  })
})

describe('renderInvoicePdf layout', () => {
  it('keeps amounts in the billions on one line: the columns grow to fit them', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [
      item(99999999999, { description: 'Dedicated server' }),
      item(123456789, { quantity: 12 }),
    ])
    const lines = pdfText(await renderInvoicePdf(client.ctx, { invoiceId: inv.id })).split('\n')
    for (const amount of ['$999,999,999.99', '$14,814,814.68', '$1,014,814,814.67'])
      expect(lines).toContain(amount)
  })
})

describe('helpers', () => {
  it.each([
    [200000, '20%'],
    [88750, '8.875%'],
    [0, '0%'],
    [1000000, '100%'],
    [55000, '5.5%'],
  ])('formatRate(%s) = %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected)
  })

  it('pdfSafe keeps what the embedded font can draw and replaces the rest', () => {
    expect(pdfSafe('Café – €5 “quoted” Łódź Ωμέγα Привет 東京\u202f1\u0007')).toBe(
      'Café – €5 “quoted” Łódź Ωμέγα Привет ?? 1',
    )
  })

  it('loads a logo only from a data URL or a local file, never the network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-logo-'))
    const file = join(dir, 'logo.png')
    writeFileSync(file, Buffer.from(PNG, 'base64'))
    expect(loadLogo(`data:image/png;base64,${PNG}`)?.length).toBeGreaterThan(0)
    expect(loadLogo(file)?.length).toBeGreaterThan(0)
    expect(loadLogo(`file://${file}`)?.length).toBeGreaterThan(0)
    expect(loadLogo('https://example.com/logo.png')).toBeNull()
    expect(loadLogo('relative/logo.png')).toBeNull()
    expect(loadLogo(join(dir, 'missing.png'))).toBeNull()
    expect(loadLogo('data:image/png;base64,bm90IGFuIGltYWdl')).toBeNull()
    expect(loadLogo('')).toBeNull()
  })
})
