import type { LoaderFunctionArgs } from '@remix-run/node'
import { getInvoice, renderInvoicePdf } from '@berth/core'
import { requireUser } from '~/auth/principal.server'
import { rethrowAsNotFound } from '~/billing/responses.server'

/**
 * `/invoices/:id/pdf`: the invoice as a PDF, rendered by core on each request (never cached: the
 * payments and balance on it change). Another client's invoice answers 404 like a missing one.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const input = { invoiceId: args.params.invoiceId }
  let pdf: Buffer
  let number: string | null
  try {
    ;[pdf, { number }] = await Promise.all([renderInvoicePdf(ctx, input), getInvoice(ctx, input)])
  } catch (error) {
    rethrowAsNotFound(error)
  }
  const name = `Invoice-${(number ?? 'draft').replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      // inline: the browser shows it; the page's link has `download` to save it under this name.
      'Content-Disposition': `inline; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
