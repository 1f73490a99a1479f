import { readFileSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import PDFDocument from 'pdfkit'
import { loadPdfFonts, type PdfFonts } from './pdf-fonts'
import { countryName, parseInput, type Ctx } from '../../shared'
import { formatRate } from '../../money'
import { getSettings } from '../../settings'
import { invoiceIdInput } from '../invoices/schemas'
import { getInvoice } from '../invoices/get-invoice'
import type { InvoiceDetail } from '../invoices/invoice-view'
import { billingFormatter, type BillingFormatter } from '../shared/billing-format'
import { invoiceNotFound, isUuid } from '../shared/access'

/**
 * The invoice as a PDF (pdfkit; docs/decisions/0016-invoice-pdf.md): company details and logo,
 * number, dates, status, buyer, items, tax lines, totals, payments and refunds, balance, notes.
 * Same access as getInvoice: staff with `billing.view`, a client only its own published invoices
 * (NOT_FOUND otherwise). No network: the logo is read only from a local file path or a data: URL
 * in `company.logoUrl`; the fonts are DejaVu Sans, read from the installed package and embedded
 * (subset) so names and addresses in Latin, Greek and Cyrillic scripts print as written.
 */
export async function renderInvoicePdf(ctx: Ctx, raw: unknown): Promise<Buffer> {
  if (ctx.actor.type === 'client' && !isUuid((raw as { invoiceId?: unknown } | null)?.invoiceId))
    throw invoiceNotFound()
  const input = parseInput(invoiceIdInput, raw)
  const invoice = await getInvoice(ctx, input)
  const settings = await getSettings(ctx.db)
  const fmt = await billingFormatter(ctx.db)
  return drawInvoice(invoice, {
    logo: loadLogo(settings['company.logoUrl']),
    fmt,
    companyName: settings['company.name'],
  })
}

/** PNG or JPEG bytes from a data: URL or a local absolute path; anything else (http...) is ignored. */
export function loadLogo(value: string): Buffer | null {
  const v = value.trim()
  if (!v) return null
  const data = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]+)$/i.exec(v)
  let bytes: Buffer | null = null
  if (data) bytes = Buffer.from(data[2]!.replace(/\s/g, ''), 'base64')
  else if (v.startsWith('file://')) bytes = readIfExists(new URL(v))
  else if (isAbsolute(v)) bytes = readIfExists(v)
  if (!bytes) return null
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8
  return isPng || isJpeg ? bytes : null
}

function readIfExists(path: string | URL): Buffer | null {
  try {
    return readFileSync(path)
  } catch {
    return null
  }
}

/**
 * Text the embedded font can draw: characters it has no glyph for (CJK, for instance) print as '?',
 * never as empty boxes; the spaces Intl puts in numbers (narrow no-break, thin) become plain spaces
 * and control characters other than line breaks are dropped.
 */
export function pdfSafe(text: string, fonts: PdfFonts = loadPdfFonts()): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code === 0x202f || code === 0x2009 || code === 0x2007) out += ' '
    else if (ch === '\n') out += ch
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue
    else out += fonts.canDraw(code) ? ch : '?'
  }
  return out
}

const REGULAR = 'Berth-Regular'
const BOLD = 'Berth-Bold'

const STATUS_LABEL: Record<InvoiceDetail['displayStatus'], string> = {
  DRAFT: 'DRAFT',
  UNPAID: 'UNPAID',
  PARTIALLY_PAID: 'PARTIALLY PAID',
  OVERDUE: 'OVERDUE',
  PAID: 'PAID',
  CANCELLED: 'CANCELLED',
  REFUNDED: 'REFUNDED',
  COLLECTIONS: 'IN COLLECTIONS',
}

function drawInvoice(
  inv: InvoiceDetail,
  opts: { logo: Buffer | null; fmt: BillingFormatter; companyName: string },
): Promise<Buffer> {
  const { fmt } = opts
  const fonts = loadPdfFonts()
  const money = (v: bigint) => pdfSafe(fmt.money(v, inv.currency.code), fonts)
  const title = inv.number ? `Invoice ${inv.number}` : 'Draft invoice'
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: {
      Title: pdfSafe(title),
      Author: pdfSafe(inv.seller?.name ?? opts.companyName),
      Subject: pdfSafe(title),
      Creator: 'Berth',
      CreationDate: inv.publishedAt ?? inv.createdAt,
    },
  })
  doc.registerFont(REGULAR, fonts.regular)
  doc.registerFont(BOLD, fonts.bold)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const left = 50
  const right = doc.page.width - 50
  const width = right - left
  const text = (s: string) => pdfSafe(s, fonts)

  // Header: logo on the left, seller on the right.
  let top = 50
  if (opts.logo) {
    try {
      doc.image(opts.logo, left, top, { fit: [160, 60] })
    } catch {
      // an image pdfkit cannot read is left out rather than failing the invoice
    }
  }
  const seller = inv.seller ?? { name: opts.companyName, lines: [], country: '', taxId: null, email: null }
  doc.font(BOLD).fontSize(14).text(text(seller.name), left, top, { width, align: 'right' })
  doc.font(REGULAR).fontSize(9)
  for (const line of [
    ...seller.lines,
    seller.email ?? '',
    seller.taxId ? `Tax ID: ${seller.taxId}` : '',
  ].filter(Boolean))
    doc.text(text(line), { width, align: 'right' })
  top = Math.max(doc.y, 115) + 15

  // Title, status and dates.
  doc.font(BOLD).fontSize(20).fillColor('#111827').text(text(title), left, top)
  doc
    .font(BOLD)
    .fontSize(11)
    .fillColor(inv.status === 'PAID' ? '#047857' : inv.displayStatus === 'OVERDUE' ? '#b91c1c' : '#374151')
    .text(STATUS_LABEL[inv.displayStatus], left, top + 4, { width, align: 'right' })
  doc.fillColor('#111827').font(REGULAR).fontSize(10)
  const dates: [string, string][] = [
    ['Issue date', inv.issueDate ? fmt.date(inv.issueDate) : '-'],
    ['Due date', fmt.date(inv.dueDate)],
    ...(inv.paidAt ? ([['Paid on', fmt.date(inv.paidAt)]] as [string, string][]) : []),
  ]
  let y = top + 32
  for (const [label, value] of dates) {
    doc
      .font(BOLD)
      .text(`${label}:`, left, y, { continued: true })
      .font(REGULAR)
      .text(` ${text(value)}`)
    y = doc.y
  }

  // Buyer.
  y += 12
  doc.font(BOLD).fontSize(10).text('Bill to', left, y)
  doc.font(REGULAR).fontSize(10)
  const buyer = inv.buyer
  if (buyer) {
    doc.text(text(buyer.name))
    for (const line of buyer.lines) doc.text(text(line))
    if (buyer.country) doc.text(text(countryName(buyer.country)))
    if (buyer.taxId) doc.text(text(`VAT / Tax ID: ${buyer.taxId}`))
  } else {
    doc.text(text(inv.clientName))
  }
  y = doc.y + 18

  // Items.
  // Columns sized to what they hold: amounts in the billions (IDR, VND...) stay on one line, and the
  // description takes what is left.
  const widest = (values: string[], font: string, size: number) =>
    Math.max(0, ...values.map((v) => doc.font(font).fontSize(size).widthOfString(text(v))))
  const amounts = [
    ...inv.items.map((i) => money(i.amount)),
    money(inv.subtotal),
    ...inv.taxLines.map((t) => money(t.amount)),
    money(inv.total),
    ...inv.transactions.map((t) => `-${money(t.amount)}`),
    money(inv.amountPaid),
    money(inv.creditApplied),
    money(inv.refunded),
    money(inv.balance),
  ]
  const unitHeader = inv.taxMode === 'INCLUSIVE' ? 'Unit price (incl. tax)' : 'Unit price'
  const gap = 8
  const colW = {
    amount: Math.max(width * 0.16, widest(amounts, BOLD, 11) + 2),
    unit: Math.max(
      width * 0.15,
      widest(
        inv.items.map((i) => money(i.unitAmount)),
        REGULAR,
        9.5,
      ) + 2,
      widest([unitHeader], BOLD, 9.5) + 2,
    ),
    qty: Math.max(
      width * 0.07,
      widest(
        inv.items.map((i) => String(i.quantity)),
        REGULAR,
        9.5,
      ) + 2,
    ),
    desc: 0,
  }
  const cols = {
    desc: left,
    amount: right - colW.amount,
    unit: right - colW.amount - gap - colW.unit,
    qty: right - colW.amount - 2 * gap - colW.unit - colW.qty,
  }
  colW.desc = cols.qty - gap - left
  const row = (cells: [string, string, string, string], bold = false) => {
    doc.font(bold ? BOLD : REGULAR).fontSize(9.5)
    const startY = y
    doc.text(text(cells[0]), cols.desc, startY, { width: colW.desc })
    const endY = doc.y
    doc.text(cells[1], cols.qty, startY, { width: colW.qty, align: 'right' })
    doc.text(text(cells[2]), cols.unit, startY, { width: colW.unit, align: 'right' })
    doc.text(text(cells[3]), cols.amount, startY, { width: colW.amount, align: 'right' })
    y = Math.max(endY, doc.y) + 4
    if (y > doc.page.height - 120) {
      doc.addPage()
      y = 50
    }
  }
  const rule = () => {
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor('#9ca3af').stroke()
    y += 5
  }
  row(['Description', 'Qty', unitHeader, 'Amount'], true)
  rule()
  for (const item of inv.items)
    row([
      item.description + (item.isTaxable ? '' : ' *'),
      String(item.quantity),
      money(item.unitAmount),
      money(item.amount),
    ])
  rule()

  // Totals.
  const totalLine = (label: string, value: string, bold = false) => {
    doc.font(bold ? BOLD : REGULAR).fontSize(bold ? 11 : 10)
    const labelLeft = left + width * 0.3
    doc.text(text(label), labelLeft, y, { width: cols.amount - gap - labelLeft, align: 'right' })
    doc.text(text(value), cols.amount, y, { width: colW.amount, align: 'right' })
    y = doc.y + 3
  }
  totalLine(inv.taxMode === 'INCLUSIVE' ? 'Subtotal (excl. tax)' : 'Subtotal', money(inv.subtotal))
  for (const t of inv.taxLines)
    totalLine(`${t.name} ${formatRate(t.rate)}${t.level > 1 ? ' (level 2)' : ''}`, money(t.amount))
  totalLine('Total', money(inv.total), true)

  // Payments.
  if (inv.transactions.length) {
    y += 14
    doc.font(BOLD).fontSize(10).text('Payments', left, y)
    y = doc.y + 4
    for (const t of inv.transactions) {
      const sign = t.type === 'PAYMENT' || t.type === 'CHARGEBACK_REVERSAL' ? '' : '-'
      const kind =
        t.type === 'PAYMENT'
          ? t.method
          : t.type === 'REFUND'
            ? `Refund (${t.method})`
            : t.type === 'CHARGEBACK'
              ? 'Chargeback'
              : 'Chargeback reversed'
      row([
        `${fmt.date(t.createdAt)}  ${kind}  ${t.gatewayTransactionId}${t.status === 'PENDING' ? ' (pending)' : ''}`,
        '',
        '',
        `${sign}${money(t.amount)}`,
      ])
    }
  }
  y += 6
  totalLine('Amount paid', money(inv.amountPaid))
  if (inv.creditApplied > 0n) totalLine('of which account credit', money(inv.creditApplied))
  if (inv.refunded > 0n) totalLine('Refunded', money(inv.refunded))
  totalLine('Balance due', money(inv.balance), true)

  // Notes.
  const notes = [
    inv.items.some((i) => !i.isTaxable) && inv.taxLines.length ? '* Not subject to tax.' : '',
    inv.taxMode === 'INCLUSIVE' && inv.taxLines.length ? 'Prices include tax.' : '',
    inv.taxNote ?? '',
    inv.notes ?? '',
  ].filter(Boolean)
  if (notes.length) {
    y += 16
    doc.font(REGULAR).fontSize(9).fillColor('#374151')
    for (const n of notes) {
      doc.text(text(n), left, y, { width })
      y = doc.y + 4
    }
  }

  // Page numbers.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0 // writing in the bottom margin must not start a new page
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#6b7280')
      .text(`${text(title)} - page ${i + 1} of ${range.count}`, left, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      })
  }
  doc.end()
  return done
}
