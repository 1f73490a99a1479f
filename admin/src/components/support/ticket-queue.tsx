import React, { useCallback, useEffect, useState } from 'react'
import { ViewHelpers } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  H3,
  Label,
  MessageBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import type { QueueJson } from '../../actions/ticket-actions'

const h = new ViewHelpers()
type Choice = { value: string; label: string }

const PRIORITY_VARIANT: Record<string, 'danger' | 'primary' | 'info' | 'light'> = {
  URGENT: 'danger',
  HIGH: 'primary',
  MEDIUM: 'info',
  LOW: 'light',
}

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function readFilters(): Record<string, string> {
  const out: Record<string, string> = {}
  new URLSearchParams(window.location.search).forEach((v, k) => {
    if (v) out[k] = v
  })
  return out
}

/**
 * The staff ticket queue (the Ticket list): filters for status, priority, department and assignee
 * ("mine", unassigned, anyone), sorted by status, most urgent, longest waiting; paged with the
 * total. The server (core's listTicketQueue) does the filtering; the filters live in the URL.
 */
const TicketQueue: React.FC = () => {
  const [filters, setFilters] = useState<Record<string, string>>(readFilters)
  const [queue, setQueue] = useState<QueueJson | null>(null)
  const [failed, setFailed] = useState(false)

  const load = useCallback(async (f: Record<string, string>) => {
    const qs = new URLSearchParams(f).toString()
    window.history.replaceState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`)
    try {
      const res = await fetch(
        `${h.resourceActionUrl({ resourceId: 'Ticket', actionName: 'list' }).replace('/resources/', '/api/resources/')}?${qs}`,
        {
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        },
      )
      if (!res.ok) throw new Error(String(res.status))
      const body = (await res.json()) as { queue: QueueJson }
      setQueue(body.queue)
      setFailed(false)
    } catch {
      setFailed(true)
    }
  }, [])

  useEffect(() => {
    void load(filters)
  }, [filters, load])

  const set = (key: string, value: string) =>
    setFilters((current) => {
      const next = { ...current, [key]: value }
      if (!value) delete next[key]
      if (key !== 'page') delete next.page
      return next
    })

  const picker = (key: string, label: string, choices: Choice[], empty: string) => {
    const options = [{ value: '', label: empty }, ...choices]
    return (
      <Box mr="lg" mb="lg" style={{ minWidth: 200 }} data-testid={`queue-filter-${key}`}>
        <Label>{label}</Label>
        <Select
          value={options.find((o) => o.value === (filters[key] ?? '')) ?? options[0]}
          options={options}
          onChange={(s: Choice | null) => set(key, s?.value ?? '')}
        />
      </Box>
    )
  }

  if (failed) return <MessageBox m="xl" variant="danger" message="The queue could not be loaded." />
  if (!queue) return <Text m="xl">Loading…</Text>
  const { choices } = queue
  return (
    <Box variant="container" data-testid="ticket-queue">
      <H3>Ticket queue</H3>
      <Box flex flexDirection="row" flexWrap="wrap">
        {picker('status', 'Status', choices.statuses.slice(1), 'All but closed')}
        {picker('priority', 'Priority', choices.priorities, 'Any priority')}
        {picker('departmentId', 'Department', choices.departments, 'Every department')}
        {picker('assignee', 'Assignee', choices.assignees, 'Anyone')}
      </Box>
      <Text mb="md" color="grey60" data-testid="queue-total">
        {queue.total} ticket{queue.total === 1 ? '' : 's'}
      </Text>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Number</TableCell>
            <TableCell>Subject</TableCell>
            <TableCell>Client</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Priority</TableCell>
            <TableCell>Department</TableCell>
            <TableCell>Assignee</TableCell>
            <TableCell>Last reply</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {queue.tickets.map((t) => (
            <TableRow key={t.id} data-testid={`queue-row-${t.publicNumber}`}>
              <TableCell>
                <a href={h.recordActionUrl({ resourceId: 'Ticket', recordId: t.id, actionName: 'show' })}>
                  {t.publicNumber}
                </a>
              </TableCell>
              <TableCell>{t.subject}</TableCell>
              <TableCell>{t.clientLabel}</TableCell>
              <TableCell>{choices.statuses.find((s) => s.value === t.status)?.label ?? t.status}</TableCell>
              <TableCell>
                <Badge variant={PRIORITY_VARIANT[t.priority] ?? 'light'}>
                  {choices.priorities.find((p) => p.value === t.priority)?.label ?? t.priority}
                </Badge>
              </TableCell>
              <TableCell>{t.departmentName}</TableCell>
              <TableCell>{t.assigneeName ?? '—'}</TableCell>
              <TableCell>{when(t.lastReplyAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {queue.tickets.length === 0 && (
        <Text m="xl" color="grey60">
          No tickets match these filters.
        </Text>
      )}
      <Box flex flexDirection="row" alignItems="center" mt="lg" style={{ gap: 12 }}>
        <Button size="sm" disabled={queue.page <= 1} onClick={() => set('page', String(queue.page - 1))}>
          Previous
        </Button>
        <Text>
          Page {queue.page} of {queue.pages}
        </Text>
        <Button
          size="sm"
          disabled={queue.page >= queue.pages}
          onClick={() => set('page', String(queue.page + 1))}
        >
          Next
        </Button>
      </Box>
    </Box>
  )
}

export default TicketQueue
