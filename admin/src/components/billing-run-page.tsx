import React, { useCallback, useEffect, useRef, useState } from 'react'
import { useNotice } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  H2,
  H5,
  Loader,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import { FormField, type FieldErrors, type PageAnswer } from './form-field'
import { adminApi } from './use-record-action'

const REFRESH_MS = 2000

// The page's data as the server's pages/billing-run.ts sends it (components never import server code).
interface StepView {
  step: string
  jobRunId: string
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  seen: number
  changed: number
  failed: number
  progress: number
  total: number | null
  counts: Record<string, number>
  failures: { key: string; clientId: string; reason: string }[]
  message: string | null
  startedAt: string
  finishedAt: string | null
}
interface RunView {
  runKey: string
  date: string
  triggeredBy: string
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  startedAt: string
  finishedAt: string | null
  steps: StepView[]
}
interface Money3 {
  subtotal: string
  tax: string
  total: string
}
interface Preview {
  asOf: string
  clients: {
    clientId: string
    clientName: string
    invoices: (Money3 & {
      dueDate: string
      currency: string
      items: { type: string; description: string; amount: string }[]
    })[]
  }[]
  failures: { clientId: string; reason: string }[]
  totals: (Money3 & { currency: string; invoices: number })[]
  truncated: boolean
  display: { invoices: Record<string, Money3>; totals: Record<string, Money3> }
}
interface PageData {
  runs: RunView[]
  queued: { jobId: string; asOf: string | null; state: string; createdAt: string }[]
  inProgress: boolean
  canRun: boolean
  today: string
  maxDate: string
  stepNames: string[]
  preview?: Preview
}

const variant = (status: string) =>
  status === 'SUCCEEDED' ? 'success' : status === 'FAILED' ? 'danger' : 'info'
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '')
const clientLink = (id: string) => `/admin/resources/Client/records/${id}/show`

const StepRow: React.FC<{ s: StepView }> = ({ s }) => (
  <>
    <TableRow>
      <TableCell>{s.step}</TableCell>
      <TableCell>
        <Badge variant={variant(s.status)} size="sm">
          {s.status === 'RUNNING' ? 'running' : s.status.toLowerCase()}
        </Badge>
      </TableCell>
      <TableCell>{s.seen}</TableCell>
      <TableCell>{s.changed}</TableCell>
      <TableCell>{s.failed}</TableCell>
      <TableCell>
        {s.status === 'RUNNING'
          ? `${s.progress} done so far`
          : `${s.progress}${s.total !== null ? ` / ${s.total}` : ''}`}
      </TableCell>
      <TableCell>
        {Object.entries(s.counts)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}
      </TableCell>
    </TableRow>
    {s.failures.map((f, i) => (
      <TableRow key={`${s.jobRunId}-f${i}`}>
        <TableCell />
        <TableCell colSpan={6}>
          <Text color="error" variant="sm">
            Failed
            {f.clientId ? (
              <>
                {' '}
                (client <a href={clientLink(f.clientId)}>{f.clientId.slice(0, 8)}</a>)
              </>
            ) : null}
            : {f.reason}
          </Text>
        </TableCell>
      </TableRow>
    ))}
  </>
)

const RunCard: React.FC<{ run: RunView; stepNames: string[] }> = ({ run, stepNames }) => {
  const waiting =
    run.status === 'RUNNING' ? stepNames.filter((n) => !run.steps.some((s) => s.step === n)) : []
  return (
    <Box variant="card" mb="lg" data-testid={`billing-run-${run.runKey}`}>
      <H5>
        Run of {run.date}
        {run.runKey.includes('#') ? ` (again, #${run.runKey.split('#')[1]})` : ''}{' '}
        <Badge variant={variant(run.status)}>
          {run.status === 'RUNNING' ? 'in progress' : run.status === 'FAILED' ? 'with failures' : 'done'}
        </Badge>
      </H5>
      <Text variant="sm" mb="default">
        Started {when(run.startedAt)}
        {run.finishedAt ? `, finished ${when(run.finishedAt)}` : ''} · by {run.triggeredBy}
      </Text>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Step</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Seen</TableCell>
            <TableCell>Changed</TableCell>
            <TableCell>Failed</TableCell>
            <TableCell>Progress</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {run.steps.map((s) => (
            <StepRow key={s.jobRunId} s={s} />
          ))}
          {waiting.map((n) => (
            <TableRow key={n}>
              <TableCell>{n}</TableCell>
              <TableCell colSpan={6}>
                <Text variant="sm">waiting</Text>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}

const PreviewSection: React.FC<{ preview: Preview }> = ({ preview }) => (
  <Box variant="card" mb="lg" data-testid="billing-run-preview">
    <H5>Preview: renewal invoices the run would create on {preview.asOf} (nothing written)</H5>
    {preview.truncated ? (
      <MessageBox
        variant="info"
        mb="default"
        message="More clients are due than shown: the list and totals cover the first ones."
      />
    ) : null}
    {preview.clients.length === 0 ? (
      <Text>No renewal invoices would be created on this date.</Text>
    ) : (
      <Table mb="lg">
        <TableHead>
          <TableRow>
            <TableCell>Client</TableCell>
            <TableCell>Due</TableCell>
            <TableCell>Items</TableCell>
            <TableCell>Subtotal</TableCell>
            <TableCell>Tax</TableCell>
            <TableCell>Total</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {preview.clients.flatMap((c) =>
            c.invoices.map((inv, i) => {
              const shown = preview.display.invoices[`${c.clientId}:${i}`]
              return (
                <TableRow key={`${c.clientId}:${i}`}>
                  <TableCell>
                    <a href={clientLink(c.clientId)}>{c.clientName}</a>
                  </TableCell>
                  <TableCell>{inv.dueDate}</TableCell>
                  <TableCell>
                    {inv.items.map((it, j) => (
                      <Text key={j} variant="sm">
                        {it.description}
                      </Text>
                    ))}
                  </TableCell>
                  <TableCell>{shown?.subtotal}</TableCell>
                  <TableCell>{shown?.tax}</TableCell>
                  <TableCell>{shown?.total}</TableCell>
                </TableRow>
              )
            }),
          )}
        </TableBody>
      </Table>
    )}
    {preview.totals.length ? (
      <Table mb="lg">
        <TableHead>
          <TableRow>
            <TableCell>Currency</TableCell>
            <TableCell>Invoices</TableCell>
            <TableCell>Subtotal</TableCell>
            <TableCell>Tax</TableCell>
            <TableCell>Total</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {preview.totals.map((t) => (
            <TableRow key={t.currency}>
              <TableCell>{t.currency}</TableCell>
              <TableCell>{t.invoices}</TableCell>
              <TableCell>{preview.display.totals[t.currency]?.subtotal}</TableCell>
              <TableCell>{preview.display.totals[t.currency]?.tax}</TableCell>
              <TableCell>{preview.display.totals[t.currency]?.total}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    ) : null}
    {preview.failures.map((f) => (
      <Text key={f.clientId} color="error" variant="sm">
        Would fail for client <a href={clientLink(f.clientId)}>{f.clientId.slice(0, 8)}</a>: {f.reason}
      </Text>
    ))}
  </Box>
)

/** The daily billing run: latest runs with live progress, Run now and Preview for automation.run. */
const BillingRunPage: React.FC = () => {
  const addNotice = useNotice()
  const [data, setData] = useState<PageData | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const [date, setDate] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const load = useCallback(async () => {
    try {
      const r = await adminApi.getPage({ pageName: 'billingRun' })
      const next = (r.data as PageAnswer<PageData>).data
      if (!next) return setFailed('The billing run could not be loaded.')
      setData(next)
      setDate((d) => d || next.today)
    } catch (error) {
      setFailed(
        (error as { response?: { status?: number } })?.response?.status === 403
          ? 'You do not have permission to see the billing run.'
          : 'The billing run could not be loaded. Reload the page to try again.',
      )
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])
  // Live progress: while a run is queued or running, refresh every 2 seconds.
  useEffect(() => {
    if (!data?.inProgress) return undefined
    timer.current = setTimeout(() => void load(), REFRESH_MS)
    return () => {
      if (timer.current) clearTimeout(timer.current)
    }
  }, [data, load])

  const post = async (intent: 'run' | 'preview') => {
    setBusy(true)
    try {
      const r = await adminApi.getPage({
        pageName: 'billingRun',
        method: 'post',
        data: { intent, asOf: date },
      })
      const answer = r.data as PageAnswer<PageData>
      setErrors(answer.errors ?? {})
      if (answer.data) {
        setData(answer.data)
        if (intent === 'preview') setPreview(answer.data.preview ?? null)
      }
      if (answer.notice) addNotice(answer.notice)
    } catch (error) {
      addNotice({
        message:
          (error as { response?: { status?: number } })?.response?.status === 403
            ? 'You do not have permission to do this.'
            : 'That did not work. Please try again.',
        type: 'error',
      })
    } finally {
      setBusy(false)
    }
  }

  if (failed)
    return (
      <Box variant="grey">
        <MessageBox variant="danger" message={failed} />
      </Box>
    )
  if (!data) return <Loader />
  return (
    <Box variant="grey">
      <Box variant="card" mb="lg">
        <H2>Billing run</H2>
        <Text mb="default">
          The daily run bills renewals, sends reminders and notices, adds late fees and suspends and
          terminates overdue services. Each run of a date is safe to repeat: a second run creates nothing
          twice.
        </Text>
        {data.queued.length ? (
          <MessageBox
            variant="info"
            mb="default"
            message={`Queued for a worker: ${data.queued.map((q) => `${q.asOf ?? 'today'} (${q.state})`).join(', ')}`}
          />
        ) : null}
        {data.canRun ? (
          <Box flex flexDirection="row" alignItems="flex-end" style={{ gap: 16 }}>
            <Box width={220}>
              <FormField
                name="asOf"
                label="Run date"
                type="date"
                value={date}
                onChange={setDate}
                error={errors.asOf}
                hint={`Up to ${data.maxDate}`}
              />
            </Box>
            <Box mb="xl" flex style={{ gap: 8 }}>
              <Button
                variant="contained"
                disabled={busy}
                onClick={() => void post('run')}
                data-testid="billing-run-now"
              >
                Run now
              </Button>
              <Button
                variant="outlined"
                disabled={busy}
                onClick={() => void post('preview')}
                data-testid="billing-run-preview-button"
              >
                Preview
              </Button>
            </Box>
          </Box>
        ) : (
          <Text variant="sm">Starting or previewing the run needs the automation.run permission.</Text>
        )}
      </Box>
      {preview ? <PreviewSection preview={preview} /> : null}
      {data.runs.length === 0 ? (
        <Box variant="card">
          <Text>No billing run has happened yet.</Text>
        </Box>
      ) : (
        data.runs.map((run) => <RunCard key={run.runKey} run={run} stepNames={data.stepNames} />)
      )}
    </Box>
  )
}

export default BillingRunPage
