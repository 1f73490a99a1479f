import { randomUUID } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '../../../../tests/support/factories'
import { makeBillingClient, expectDomainError, item, makeBillingTeam, makeInvoice } from '../../../../tests/support/billing-factories'
import { updateSettings } from '../../settings/settings'
import type { Ctx } from '../../shared/context'
import { recordManualPayment } from '../invoices/record-manual-payment'
import { formatRate, loadLogo, pdfSafe, renderInvoicePdf } from './render-invoice-pdf'

/** The text a PDF shows: inflate each content stream and decode the hex strings of its TJ operators. */
function pdfText(pdf: Buffer): string {
  const out: string[] = []
  let at = 0
  while ((at = pdf.indexOf('stream\n', at)) !== -1) {
    const start = at + 'stream\n'.length
    const end = pdf.indexOf('\nendstream', start)
    try {
      const body = inflateSync(pdf.subarray(start, end)).toString('latin1')
      for (const m of body.matchAll(/\[(.*?)\] TJ/g)) {
        out.push([...m[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
      }
    } catch {
      // not a deflated content stream (an image, a font)
    }
    at = end + '\nendstream'.length
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
    await updateSettings(admin, { 'company.logoUrl': `data:image/png;base64,${PNG}`, 'company.taxId': 'GB999999973' })
    const client = await makeBillingClient({ companyName: 'Pdf Buyer Ltd' })
    const inv = await makeInvoice(billing, client.clientId, [item(1999, { description: 'VPS Large', quantity: 2 }), item(500, { description: 'Setup', isTaxable: false })])
    await recordManualPayment(billing, { invoiceId: inv.id, method: 'bank_transfer', amount: 2000, reference: 'WIRE-PDF-1' })
    const pdf = await renderInvoicePdf(client.ctx, { invoiceId: inv.id })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.subarray(-6).toString()).toContain('%%EOF')
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/)
    const text = pdfText(pdf)
    for (const expected of [`Invoice ${inv.number}`, 'Berth Hosting', 'Tax ID: GB999999973', 'Pdf Buyer Ltd', 'VPS Large', 'Setup *', '$19.99', '$39.98', 'VAT 20%', '$8.00', '$52.98', 'WIRE-PDF-1', 'Balance due', '$32.98', 'PARTIALLY PAID', 'United Kingdom']) {
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
    for (const [ctx, id] of [[client.ctx, draft.id], [other.ctx, published.id], [client.ctx, randomUUID()], [client.ctx, '../../etc/passwd']] as const) {
      expect((await expectDomainError(renderInvoicePdf(ctx, { invoiceId: id }))).code).toBe('NOT_FOUND')
    }
    const support = await makeStaff('Support')
    expect((await expectDomainError(renderInvoicePdf(support.ctx, { invoiceId: published.id }))).code).toBe('FORBIDDEN')
  })

  it('handles many items over several pages and characters outside the standard fonts', async () => {
    const client = await makeBillingClient({ companyName: 'Ünïcødé 株式会社' })
    const items = Array.from({ length: 60 }, (_, i) => item(100 + i, { description: `Line ${i + 1} – a long description that wraps over more than one line in the table of items` }))
    const inv = await makeInvoice(billing, client.clientId, items)
    const pdf = await renderInvoicePdf(client.ctx, { invoiceId: inv.id })
    const text = pdfText(pdf)
    expect(text).toContain('Line 60')
    expect(text).toMatch(/page 1 of [2-9]/)
    expect(text).toContain('Ünïcødé ????')
  })
})

describe('helpers', () => {
  it.each([[200000, '20%'], [88750, '8.875%'], [0, '0%'], [1000000, '100%'], [55000, '5.5%']])('formatRate(%s) = %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected)
  })

  it('pdfSafe keeps Western European text and replaces the rest', () => {
    expect(pdfSafe('Café – €5 “quoted” 東京\u202f1')).toBe('Café – €5 “quoted” ?? 1')
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
