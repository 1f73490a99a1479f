import React, { useState } from 'react'
import { useCurrentAdmin, ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Badge, Box, Button, H5, Icon, MessageBox, Text } from '@adminjs/design-system'
import { humanStatus, when } from './catalog-shared'
import { readData, type Json } from '../actions/record-data'
import type { serviceDetail } from '../catalog/service-view'
import { useRecordAction } from './use-record-action'

const h = new ViewHelpers()

/** What the show page's `detail` holds: catalog/service-view.ts, typed from there. */
type Detail = Json<Awaited<ReturnType<typeof serviceDetail>>>
type ModuleCallView = Detail['moduleCalls'][number]

const section: React.CSSProperties = {
  borderTop: '1px solid #e0e3ef',
  paddingTop: 16,
  marginTop: 8,
  marginBottom: 24,
}
const pre: React.CSSProperties = {
  background: '#f6f7fb',
  border: '1px solid #e0e3ef',
  borderRadius: 4,
  padding: 10,
  fontSize: 12,
  lineHeight: 1.45,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
  maxHeight: 320,
  overflow: 'auto',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
}
const cell: React.CSSProperties = {
  padding: '6px 12px 6px 0',
  verticalAlign: 'top',
  borderBottom: '1px solid #f0f1f7',
}

/** A service's options, addons, login details, open staff tasks and module call log (newest first). */
const ServiceDetails: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const { send, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: 'retryModuleCall',
  })
  const [currentAdmin] = useCurrentAdmin()
  const detail = readData<Awaited<ReturnType<typeof serviceDetail>>>(record, 'detail') ?? null
  const [busy, setBusy] = useState<string | null>(null)
  if (!detail || !record) return null
  const canRetry = record.recordActions?.some((a) => a.name === 'retryModuleCall')
  const canCompleteTasks = Boolean(
    (currentAdmin as { permissions?: string[] } | null)?.permissions?.includes('orders.manage'),
  )

  const retry = async (call: ModuleCallView) => {
    setBusy(call.id)
    const outcome = await send({ data: { moduleCallId: call.id }, follow: false })
    setBusy(null)
    if (outcome.status === 'failed')
      return addNotice({ message: 'The retry could not be queued.', type: 'error' })
    const notice = outcome.answer.notice
    if (notice) addNotice(notice)
    if (notice?.type === 'success') window.location.reload()
  }

  return (
    <Box data-testid="service-details">
      {detail.pendingChange && (
        <Box mb="xl" data-testid="pending-package-change">
          <MessageBox
            variant="info"
            message={`Package change waiting for payment: ${detail.pendingChange.from} → ${detail.pendingChange.to} at ${detail.pendingChange.newRecurring}${detail.pendingChange.options.length ? ` (${detail.pendingChange.options.map((o) => `${o.name}: ${o.value}`).join(', ')})` : ''}, asked on ${when(detail.pendingChange.requestedAt)}. It applies when invoice ${detail.pendingChange.invoice.number ?? '(draft)'} (${detail.pendingChange.invoice.balance} due of ${detail.pendingChange.invoice.total}) is paid; unpaid by ${detail.pendingChange.payBy}, the change and the invoice expire. Until then the service keeps its package.`}
          />
          <Text mt="sm">
            <a
              href={h.recordActionUrl({
                resourceId: 'Invoice',
                recordId: detail.pendingChange.invoice.id,
                actionName: 'show',
              })}
            >
              Open the invoice
            </a>{' '}
            · to withdraw the change, use Change… → Change package.
          </Text>
        </Box>
      )}
      {detail.openCancellation && (
        <MessageBox
          mb="xl"
          variant="warning"
          message={`The client asked to cancel (${detail.openCancellation.type === 'IMMEDIATE' ? 'immediately' : 'at the end of the period'}) on ${when(detail.openCancellation.createdAt)}: “${detail.openCancellation.reason}”`}
        />
      )}

      <Box style={section}>
        <H5 mb="default">Configuration</H5>
        {detail.options.length === 0 ? (
          <Text color="grey60">No configurable options.</Text>
        ) : (
          <table style={{ borderCollapse: 'collapse' }} data-testid="service-options">
            <tbody>
              {detail.options.map((o) => (
                <tr key={o.name}>
                  <td style={{ ...cell, color: '#454655' }}>{o.name}</td>
                  <td style={cell}>{o.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Box>

      <Box style={section}>
        <H5 mb="default">Addons</H5>
        {detail.addons.length === 0 ? (
          <Text color="grey60">No addons.</Text>
        ) : (
          <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="service-addons">
            <thead>
              <tr style={{ textAlign: 'left', fontSize: 12, color: '#454655' }}>
                <th style={cell}>Addon</th>
                <th style={cell}>Status</th>
                <th style={cell}>Cycle</th>
                <th style={cell}>Recurring</th>
                <th style={cell}>Setup</th>
                <th style={cell}>Next due</th>
              </tr>
            </thead>
            <tbody>
              {detail.addons.map((a) => (
                <tr key={a.id}>
                  <td style={cell}>{a.name}</td>
                  <td style={cell}>{humanStatus(a.status)}</td>
                  <td style={cell}>{a.cycle}</td>
                  <td style={cell}>{a.recurring ?? '—'}</td>
                  <td style={cell}>{a.setupFee ?? '—'}</td>
                  <td style={cell}>{a.nextDueDate ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Box>

      <Box style={section}>
        <H5 mb="default">Login details</H5>
        <table style={{ borderCollapse: 'collapse' }} data-testid="service-login">
          <tbody>
            <tr>
              <td style={{ ...cell, color: '#454655' }}>Username</td>
              <td style={cell}>{detail.login.username ?? '—'}</td>
            </tr>
            <tr>
              <td style={{ ...cell, color: '#454655' }}>Password</td>
              <td style={cell}>
                {detail.login.hasPassword
                  ? '•••••••• (sent to the client in the welcome email; never shown here)'
                  : '—'}
              </td>
            </tr>
            <tr>
              <td style={{ ...cell, color: '#454655' }}>Dedicated IP</td>
              <td style={cell}>{detail.login.dedicatedIp ?? '—'}</td>
            </tr>
            <tr>
              <td style={{ ...cell, color: '#454655' }}>Server</td>
              <td style={cell}>{detail.login.serverHost ?? '—'}</td>
            </tr>
          </tbody>
        </table>
        {detail.moduleData && (
          <details style={{ marginTop: 8 }}>
            <summary style={{ cursor: 'pointer' }}>Module data (secret values masked)</summary>
            <pre style={pre}>{detail.moduleData}</pre>
          </details>
        )}
      </Box>

      <Box style={section}>
        <H5 mb="default">Open staff tasks</H5>
        {detail.staffTasks.length === 0 ? (
          <Text color="grey60">None.</Text>
        ) : (
          detail.staffTasks.map((t) => (
            <Box
              key={t.id}
              mb="default"
              p="default"
              style={{ border: '1px solid #f0d58c', background: '#fffbeb', borderRadius: 4 }}
              data-testid={`staff-task-${t.id}`}
            >
              <Text fontWeight="bold">{t.title}</Text>
              <Text fontSize="sm" color="grey60">
                Opened {when(t.createdAt)} · {t.kind}
              </Text>
              {canCompleteTasks && (
                <Text mt="sm">
                  <a
                    href={h.recordActionUrl({
                      resourceId: 'StaffTask',
                      recordId: t.id,
                      actionName: 'complete',
                    })}
                  >
                    Mark done…
                  </a>
                  {' · '}
                  <a
                    href={h.recordActionUrl({ resourceId: 'StaffTask', recordId: t.id, actionName: 'show' })}
                  >
                    Open the task
                  </a>
                </Text>
              )}
            </Box>
          ))
        )}
      </Box>

      <Box style={section}>
        <H5 mb="default">Module call log{detail.module ? ` · ${detail.module}` : ''}</H5>
        {!detail.module && detail.moduleCalls.length === 0 && (
          <Text color="grey60">The product has no provisioning module: transitions happen at once.</Text>
        )}
        {detail.module && detail.moduleCalls.length === 0 && <Text color="grey60">No calls yet.</Text>}
        {detail.moduleCalls.length > 0 && (
          <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="module-call-log">
            <thead>
              <tr style={{ textAlign: 'left', fontSize: 12, color: '#454655' }}>
                <th style={cell}>When</th>
                <th style={cell}>Action</th>
                <th style={cell}>Result</th>
                <th style={cell}>Duration</th>
                <th style={cell}>Request / response</th>
                <th style={cell} />
              </tr>
            </thead>
            <tbody>
              {detail.moduleCalls.map((c) => (
                <tr key={c.id} data-testid={`module-call-${c.id}`}>
                  <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                    <a
                      href={h.recordActionUrl({
                        resourceId: 'ModuleCall',
                        recordId: c.id,
                        actionName: 'show',
                      })}
                    >
                      {when(c.createdAt)}
                    </a>
                  </td>
                  <td style={cell}>
                    {c.action}
                    {c.attempt > 1 ? (
                      <Text as="span" color="grey60">
                        {' '}
                        · attempt {c.attempt}
                      </Text>
                    ) : null}
                  </td>
                  <td style={cell}>
                    <Badge size="sm" variant={c.waiting ? 'info' : c.success ? 'success' : 'danger'}>
                      {c.waiting ? 'Handed to staff' : c.success ? 'Succeeded' : 'Failed'}
                    </Badge>
                    {c.error && (
                      <Text color="error" fontSize="sm" mt="sm" style={{ maxWidth: 320 }}>
                        {c.error}
                      </Text>
                    )}
                  </td>
                  <td style={{ ...cell, whiteSpace: 'nowrap' }}>{c.durationMs} ms</td>
                  <td style={{ ...cell, maxWidth: 420 }}>
                    <details>
                      <summary style={{ cursor: 'pointer' }}>Show</summary>
                      <Text fontSize="sm" mt="sm">
                        Request
                      </Text>
                      <pre style={pre}>{c.request ?? '—'}</pre>
                      <Text fontSize="sm">Response</Text>
                      <pre style={pre}>{c.response ?? '—'}</pre>
                    </details>
                  </td>
                  <td style={cell}>
                    {c.canRetry && canRetry && (
                      <Button
                        size="sm"
                        variant="outlined"
                        disabled={busy === c.id}
                        onClick={() => retry(c)}
                        data-testid={`retry-${c.id}`}
                      >
                        {busy === c.id ? <Icon icon="Loader" spin /> : <Icon icon="RotateCw" />} Retry
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Box>
    </Box>
  )
}

export default ServiceDetails
