import React, { useState } from 'react'
import { ViewHelpers, type ActionProps } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  FormGroup,
  H3,
  H5,
  Label,
  MessageBox,
  Select,
  Text,
  TextArea,
} from '@adminjs/design-system'
import type { TicketJson } from '../../actions/ticket-actions'
import { readData } from '../../actions/record-data'
import { useRecordAction } from '../use-record-action'

const h = new ViewHelpers()

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`

const bubble = (m: TicketJson['messages'][number]): React.CSSProperties => ({
  border: `1px solid ${m.isInternal ? '#f0c36d' : m.authorType === 'STAFF' ? '#b9d3e0' : '#e0e3ef'}`,
  background: m.isInternal
    ? '#fff8e1'
    : m.authorType === 'STAFF'
      ? '#f1f7fa'
      : m.authorType === 'SYSTEM'
        ? '#f6f7fb'
        : '#fff',
  borderRadius: 6,
  padding: 16,
  marginBottom: 16,
})

/**
 * A ticket as staff read it: the thread (client and staff messages, internal notes highlighted,
 * attachments as download links), the reply box with the canned-reply picker, the note box, and the
 * client's services, invoices and recent tickets beside it. Bodies arrive as HTML sanitized by core
 * (renderMarkdown); triage (assign, department, priority, status, merge, close) is in the record's
 * action buttons.
 */
const TicketShow: React.FC<ActionProps> = ({ record }) => {
  const {
    send: sendAction,
    busy,
    addNotice,
  } = useRecordAction({ resourceId: 'Ticket', recordId: record?.id })
  const t = readData<TicketJson>(record, 'berthTicket') ?? null
  const [reply, setReply] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  if (!t || !record) return <MessageBox m="xl" variant="danger" message="This ticket could not be loaded." />

  const send = async (actionName: 'reply' | 'note', body: string) => {
    const outcome = await sendAction({
      actionName,
      data: { body },
      errorPrefix: `${actionName}.`,
      follow: false,
    })
    if (outcome.status === 'failed')
      return addNotice({ message: 'That did not work. Please try again.', type: 'error' })
    if (outcome.status === 'refused') {
      setErrors(outcome.errors)
      return addNotice({ message: outcome.notice?.message ?? 'Please correct the form.', type: 'error' })
    }
    addNotice({ message: outcome.answer.notice?.message ?? 'Done.', type: 'success' })
    window.location.reload()
  }

  const canned = t.cannedReplies.map((c) => ({ value: c.id, label: c.title }))
  const attachmentUrl = (id: string) =>
    `${h.recordActionUrl({ resourceId: 'Ticket', recordId: t.id, actionName: 'show' }).replace('/resources/', '/api/resources/')}?attachment=${encodeURIComponent(id)}`

  return (
    <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }} data-testid="ticket-show">
      <Box flexGrow={1} style={{ minWidth: 420, flexBasis: 560 }}>
        <Box variant="card" p="xl" mb="lg">
          <H3 mb="sm" data-testid="ticket-subject">
            #{t.publicNumber} · {t.subject}
          </H3>
          <Box flex flexDirection="row" style={{ gap: 8 }} mb="sm">
            <Badge data-testid="ticket-status">{t.status.replace('_', ' ')}</Badge>
            <Badge variant={t.priority === 'URGENT' ? 'danger' : 'info'}>{t.priority}</Badge>
            <Badge variant="light">{t.departmentName}</Badge>
          </Box>
          <Text color="grey60">
            {t.clientId ? (
              <a href={h.recordActionUrl({ resourceId: 'Client', recordId: t.clientId, actionName: 'show' })}>
                {t.clientLabel}
              </a>
            ) : (
              t.clientLabel
            )}{' '}
            · {t.requesterName}
            {t.requesterEmail ? ` <${t.requesterEmail}>` : ''} · assigned to{' '}
            <span data-testid="ticket-assignee">{t.assigneeName ?? 'nobody'}</span>
          </Text>
        </Box>

        <Box data-testid="ticket-thread">
          {t.messages.map((m) => (
            <div
              key={m.id}
              style={bubble(m)}
              data-testid={m.isInternal ? 'internal-note' : `message-${m.authorType.toLowerCase()}`}
            >
              <Box flex flexDirection="row" justifyContent="space-between" mb="md">
                <Text fontWeight="bold">
                  {m.authorName}
                  {m.isInternal && (
                    <Badge variant="primary" ml="md">
                      Internal note · not visible to the client
                    </Badge>
                  )}
                </Text>
                <Text color="grey60">{when(m.createdAt)}</Text>
              </Box>
              <div className="berth-markdown" dangerouslySetInnerHTML={{ __html: m.html }} />
              {m.attachments.length > 0 && (
                <Box mt="md">
                  {m.attachments.map((a) => (
                    <Text key={a.id}>
                      📎{' '}
                      <a href={attachmentUrl(a.id)} rel="noopener" data-testid="attachment-link">
                        {a.fileName}
                      </a>{' '}
                      <Text as="span" color="grey60">
                        ({size(a.size)})
                      </Text>
                    </Text>
                  ))}
                </Box>
              )}
            </div>
          ))}
        </Box>

        {t.can.reply && (
          <Box variant="card" p="xl" mb="lg" data-testid="reply-form">
            <H5>Reply to the client</H5>
            {canned.length > 0 && (
              <FormGroup>
                <Label>Insert a canned reply</Label>
                <div data-testid="canned-reply-picker">
                  <Select
                    value={null}
                    options={canned}
                    onChange={(s: { value: string } | null) => {
                      const c = t.cannedReplies.find((x) => x.id === s?.value)
                      if (c) setReply((current) => (current ? `${current}\n\n${c.body}` : c.body))
                    }}
                  />
                </div>
              </FormGroup>
            )}
            <FormGroup error={Boolean(errors['reply.body'])}>
              <Label htmlFor="ticket-reply">Reply (Markdown)</Label>
              <TextArea
                id="ticket-reply"
                rows={6}
                width={1}
                value={reply}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReply(e.target.value)}
              />
              {errors['reply.body'] && <Text color="error">{errors['reply.body']}</Text>}
            </FormGroup>
            <Button
              variant="contained"
              disabled={busy}
              onClick={() => send('reply', reply)}
              data-testid="send-reply"
            >
              Send reply
            </Button>
          </Box>
        )}
        {t.can.reply && (
          <Box variant="card" p="xl" mb="lg" style={{ background: '#fff8e1' }} data-testid="note-form">
            <H5>Internal note (staff only, never emailed)</H5>
            <FormGroup error={Boolean(errors['note.body'])}>
              <Label htmlFor="ticket-note">Note</Label>
              <TextArea
                id="ticket-note"
                rows={3}
                width={1}
                value={note}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)}
              />
              {errors['note.body'] && <Text color="error">{errors['note.body']}</Text>}
            </FormGroup>
            <Button disabled={busy} onClick={() => send('note', note)} data-testid="add-note">
              Add note
            </Button>
          </Box>
        )}
      </Box>

      <Box style={{ width: 320 }} data-testid="ticket-context">
        <Box variant="card" p="lg" mb="lg">
          <H5>Services</H5>
          {t.services === null ? (
            <Text color="grey60">Not available to your role.</Text>
          ) : t.services.length === 0 ? (
            <Text color="grey60">None.</Text>
          ) : (
            t.services.map((s) => (
              <Text key={s.id} mb="sm">
                <a href={h.recordActionUrl({ resourceId: 'Service', recordId: s.id, actionName: 'show' })}>
                  {s.productName}
                </a>
                {s.domain ? ` · ${s.domain}` : ''} <Badge variant="light">{s.status}</Badge>
              </Text>
            ))
          )}
        </Box>
        <Box variant="card" p="lg" mb="lg">
          <H5>Invoices</H5>
          {t.invoices === null ? (
            <Text color="grey60">Not available to your role.</Text>
          ) : t.invoices.length === 0 ? (
            <Text color="grey60">None.</Text>
          ) : (
            t.invoices.map((i) => (
              <Text key={i.id} mb="sm">
                <a href={h.recordActionUrl({ resourceId: 'Invoice', recordId: i.id, actionName: 'show' })}>
                  {i.number ?? 'Draft'}
                </a>{' '}
                · {i.total} <Badge variant="light">{i.status}</Badge>
              </Text>
            ))
          )}
        </Box>
        <Box variant="card" p="lg" mb="lg">
          <H5>Recent tickets</H5>
          {t.recentTickets.length === 0 ? (
            <Text color="grey60">None.</Text>
          ) : (
            t.recentTickets.map((r) => (
              <Text key={r.id} mb="sm">
                <a href={h.recordActionUrl({ resourceId: 'Ticket', recordId: r.id, actionName: 'show' })}>
                  #{r.publicNumber}
                </a>{' '}
                {r.subject} <Badge variant="light">{r.status}</Badge>
              </Text>
            ))
          )}
        </Box>
      </Box>
    </Box>
  )
}

export default TicketShow
