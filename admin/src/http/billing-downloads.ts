import { Router, type Request, type Response } from 'express'
import {
  exportReportCsv,
  exportTransactionsCsv,
  httpStatusFor,
  isDomainError,
  renderInvoicePdf,
  todayUtc,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { transactionFiltersFrom } from '../actions/transaction-filters'

/**
 * The two billing downloads, as real file responses (AdminJS actions can only answer JSON):
 *
 *   GET /admin/api/resources/Invoice/records/:id/downloadPdf?download=1   → application/pdf
 *   GET /admin/api/resources/Transaction/actions/exportCsv?download=1&filters.…  → text/csv
 *   GET /admin/api/pages/reports?download=<report>&from=…&to=… (or asOf=…)       → text/csv
 *
 * They live on the actions' own API paths, so the permission gate in front of AdminJS
 * (access/action-guard.ts) has already checked Invoice.downloadPdf / Transaction.exportCsv from the
 * one table before this runs; core checks billing.view again. Without `download` the request goes
 * on to AdminJS (the action's page asks for the record there). Mounted after the gate, before AdminJS.
 */
export function billingDownloads(db: Db): Router {
  const router = Router()

  router.get('/api/resources/Invoice/records/:id/downloadPdf', async (req, res, next) => {
    if (req.query.download === undefined) return next()
    if (!signedIn(req, res)) return
    try {
      const ctx = ctxFor(db, req)
      const pdf = await renderInvoicePdf(ctx, { invoiceId: req.params.id })
      const row = await db.invoice.findUnique({
        where: { id: req.params.id },
        select: { number: true, id: true },
      })
      const name = (row?.number ?? `draft-${req.params.id.slice(-8)}`).replace(/[^A-Za-z0-9._-]/g, '_')
      sendFile(res, pdf, 'application/pdf', `${name}.pdf`)
    } catch (error) {
      refuseOrFail(error, res, next)
    }
  })

  router.get('/api/resources/Transaction/actions/exportCsv', async (req, res, next) => {
    if (req.query.download === undefined) return next()
    if (!signedIn(req, res)) return
    try {
      const csv = await exportTransactionsCsv(
        ctxFor(db, req),
        transactionFiltersFrom(req.query as Record<string, unknown>),
      )
      sendFile(
        res,
        Buffer.from(csv, 'utf8'),
        'text/csv; charset=utf-8',
        `transactions-${todayUtc().toISOString().slice(0, 10)}.csv`,
      )
    } catch (error) {
      refuseOrFail(error, res, next)
    }
  })

  // The Reports page's CSVs: the gate has checked the page's view permission (billing.view); core again.
  router.get('/api/pages/reports', async (req, res, next) => {
    if (req.query.download === undefined) return next()
    if (!signedIn(req, res)) return
    try {
      const report = String(req.query.download)
      const input = Object.fromEntries(
        ['from', 'to', 'asOf'].filter((k) => typeof req.query[k] === 'string').map((k) => [k, req.query[k]]),
      )
      const csv = await exportReportCsv(ctxFor(db, req), report, input)
      sendFile(
        res,
        Buffer.from(csv, 'utf8'),
        'text/csv; charset=utf-8',
        `${report.replace(/[^a-z-]/g, '')}-${todayUtc().toISOString().slice(0, 10)}.csv`,
      )
    } catch (error) {
      refuseOrFail(error, res, next)
    }
  })

  return router
}

/** The gate lets visitors without a session through (AdminJS sends them to the login page); a download refuses them. */
function signedIn(req: Request, res: Response): boolean {
  if (req.session?.adminUser !== undefined) return true
  res.status(401).type('text/plain').send('Please sign in.')
  return false
}

function sendFile(res: Response, body: Buffer, type: string, filename: string) {
  res.status(200)
  res.setHeader('Content-Type', type)
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`)
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Length', String(body.length))
  res.end(body)
}

function refuseOrFail(error: unknown, res: Response, next: (error: unknown) => void) {
  if (!isDomainError(error)) return next(error)
  res.status(httpStatusFor(error)).type('text/plain').send(error.message)
}
