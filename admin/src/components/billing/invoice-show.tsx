import React from 'react'
import { ViewHelpers, type ActionProps } from 'adminjs'
import {
  Badge,
  Box,
  H3,
  H5,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import { formatDay } from './billing-date'
import { statusLabel, statusVariant } from './labels'
import type { InvoiceDetailJson } from '../../actions/invoice-detail'
import { readData } from '../../actions/record-data'

const h = new ViewHelpers()

// The shape the server sends (actions/invoice-detail.ts); a type-only import, erased from the bundle.
type Detail = InvoiceDetailJson
type Party = NonNullable<Detail['seller']>

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—'
const num: React.CSSProperties = {
  textAlign: 'right',
  fontVariantNumeric: 'tabular-nums',
  whiteSpace: 'nowrap',
}

const PartyBlock: React.FC<{ title: string; party: Party | null; fallback: string }> = ({
  title,
  party,
  fallback,
}) => (
  <Box flexGrow={1} style={{ minWidth: 220 }}>
    <Text fontSize="sm" color="grey60" mb="sm">
      {title}
    </Text>
    {party ? (
      <>
        <Text fontWeight="bold">{party.name}</Text>
        {party.lines.map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
        {party.country && <Text>{party.country}</Text>}
        {party.taxId && <Text color="grey60">Tax ID {party.taxId}</Text>}
        {party.email && <Text color="grey60">{party.email}</Text>}
      </>
    ) : (
      <Text color="grey60">{fallback}</Text>
    )}
  </Box>
)

const Fact: React.FC<{ label: string; value: React.ReactNode; testId?: string }> = ({
  label,
  value,
  testId,
}) => (
  <Box mr="xxl" mb="lg">
    <Text fontSize="sm" color="grey60">
      {label}
    </Text>
    <Text fontWeight="bold" data-testid={testId}>
      {value}
    </Text>
  </Box>
)

/**
 * An invoice as staff read it: status, amounts due, buyer and seller (as copied at publish), items,
 * tax lines, totals, every payment, refund and chargeback, notes. The actions (publish, record
 * payment, refund...) are the record's buttons above; the server decides which apply.
 */
const InvoiceShow: React.FC<ActionProps> = ({ record }) => {
  const detail = readData<Detail>(record, 'berthInvoice') ?? null
  if (!detail)
    return (
      <MessageBox
        m="xl"
        variant="danger"
        message="This invoice could not be loaded. Reload the page to try again."
      />
    )
  const d = detail
  const isDraft = d.status === 'DRAFT'

  return (
    <Box data-testid="invoice-show">
      <Box variant="card" p="xl" mb="lg">
        <Box flex flexDirection="row" flexWrap="wrap" justifyContent="space-between" alignItems="flex-start">
          <Box mb="lg">
            <Box flex flexDirection="row" alignItems="center" style={{ gap: 12 }}>
              <H3 mb="0" data-testid="invoice-number">
                {d.number ?? 'Draft invoice'}
              </H3>
              <Badge
                variant={statusVariant(d.displayStatus)}
                data-testid={`invoice-status-${d.displayStatus}`}
              >
                {statusLabel(d.displayStatus)}
              </Badge>
              {d.kind === 'ADD_FUNDS' && <Badge variant="info">Add funds</Badge>}
            </Box>
            <Text mt="sm">
              <a
                href={h.recordActionUrl({ resourceId: 'Client', recordId: d.clientId, actionName: 'show' })}
                style={{ color: '#0b5c7a', fontWeight: 600, textDecoration: 'none' }}
              >
                {d.clientName}
              </a>
              <Text as="span" color="grey60">
                {' '}
                · {d.currency} · prices {d.taxMode === 'INCLUSIVE' ? 'include' : 'exclude'} tax
              </Text>
            </Text>
          </Box>
          <Box style={{ textAlign: 'right' }} mb="lg">
            <Text fontSize="sm" color="grey60">
              Balance due
            </Text>
            <Text
              fontSize="h2"
              fontWeight="bold"
              style={{ fontVariantNumeric: 'tabular-nums' }}
              data-testid="invoice-balance"
            >
              {d.totals.balance}
            </Text>
            <Text color="grey60" style={{ fontVariantNumeric: 'tabular-nums' }}>
              of {d.totals.total}
            </Text>
          </Box>
        </Box>
        {isDraft && (
          <MessageBox
            mb="lg"
            variant="info"
            message="A draft: the client cannot see it. Publishing numbers it, recomputes the tax with the rules of that day, copies both parties' details and emails the client."
          />
        )}
        <Box flex flexDirection="row" flexWrap="wrap">
          <Fact
            label="Issue date"
            value={d.issueDate ? formatDay(d.issueDate) : isDraft ? 'When published' : '—'}
          />
          <Fact label="Due date" value={formatDay(d.dueDate)} testId="invoice-due" />
          {d.publishedAt && <Fact label="Published" value={when(d.publishedAt)} />}
          {d.paidAt && <Fact label="Paid" value={when(d.paidAt)} />}
          {d.cancelledAt && <Fact label="Cancelled" value={when(d.cancelledAt)} />}
        </Box>
        <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }}>
          <PartyBlock
            title="Bill to"
            party={d.buyer}
            fallback="Copied from the client's details when published."
          />
          <PartyBlock
            title="From"
            party={d.seller}
            fallback="Copied from the company settings when published."
          />
        </Box>
      </Box>

      <Box variant="card" p="xl" mb="lg">
        <H5 mb="lg">Items</H5>
        <Table data-testid="invoice-items">
          <TableHead>
            <TableRow>
              <TableCell>Description</TableCell>
              <TableCell style={num}>Qty</TableCell>
              <TableCell style={num}>Unit price</TableCell>
              <TableCell style={num}>Amount</TableCell>
              <TableCell>Tax</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.items.map((item) => (
              <TableRow key={item.id}>
                <TableCell>
                  {item.description}
                  {item.period && (
                    <Text as="span" color="grey60" fontSize="sm" style={{ display: 'block' }}>
                      {item.period}
                    </Text>
                  )}
                </TableCell>
                <TableCell style={num}>{item.quantity}</TableCell>
                <TableCell style={num}>{item.unitAmount}</TableCell>
                <TableCell style={num}>{item.amount}</TableCell>
                <TableCell>
                  {item.isTaxable ? (
                    'Taxable'
                  ) : (
                    <Text as="span" color="grey60">
                      No tax
                    </Text>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Box flex flexDirection="row" justifyContent="flex-end" mt="lg">
          <Box style={{ minWidth: 320 }} data-testid="invoice-totals">
            <TotalLine label="Subtotal" value={d.totals.subtotal} />
            {d.taxLines.map((t) => (
              <TotalLine
                key={`${t.name}-${t.rate}`}
                label={`${t.name} ${t.rate}`}
                hint={`on ${t.base}`}
                value={t.amount}
              />
            ))}
            {d.taxLines.length === 0 && <TotalLine label="Tax" value={d.totals.taxTotal} />}
            <TotalLine label="Total" value={d.totals.total} strong />
            <TotalLine label="Paid" value={d.totals.amountPaid} />
            {d.totals.hasCredit && (
              <TotalLine label="of which account credit" value={d.totals.creditApplied} muted />
            )}
            {d.totals.hasRefunds && <TotalLine label="Refunded" value={d.totals.refunded} muted />}
            <TotalLine label="Balance due" value={d.totals.balance} strong />
          </Box>
        </Box>
        {d.taxNote && <MessageBox mt="lg" variant="info" message={d.taxNote} />}
      </Box>

      <Box variant="card" p="xl" mb="lg">
        <H5 mb="lg">Payments, refunds and chargebacks</H5>
        {d.transactions.length === 0 ? (
          <Text color="grey60">Nothing has been paid on this invoice.</Text>
        ) : (
          <Table data-testid="invoice-transactions">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Method</TableCell>
                <TableCell>Reference</TableCell>
                <TableCell style={num}>Amount</TableCell>
                <TableCell style={num}>Fee</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {d.transactions.map((t) => (
                <TableRow key={t.id}>
                  <TableCell>
                    <a
                      href={h.recordActionUrl({
                        resourceId: 'Transaction',
                        recordId: t.id,
                        actionName: 'show',
                      })}
                      style={{ color: '#0b5c7a', textDecoration: 'none' }}
                    >
                      {when(t.createdAt)}
                    </a>
                  </TableCell>
                  <TableCell>
                    <Badge size="sm" variant={statusVariant(t.type)}>
                      {statusLabel(t.type)}
                    </Badge>
                    {t.status !== 'SUCCEEDED' && (
                      <Badge size="sm" ml="sm" variant={statusVariant(t.status)}>
                        {statusLabel(t.status)}
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    {t.method}
                    {t.description && !t.description.includes(t.method) && (
                      <Text as="span" color="grey60" fontSize="sm" style={{ display: 'block' }}>
                        {t.description}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell>
                    <code>{t.reference}</code>
                  </TableCell>
                  <TableCell style={num}>
                    {t.type === 'REFUND' || t.type === 'CHARGEBACK' ? `−${t.amount}` : t.amount}
                  </TableCell>
                  <TableCell style={num}>{t.fee ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>

      {(d.notes || d.adminNotes) && (
        <Box variant="card" p="xl" mb="lg" flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }}>
          {d.notes && (
            <Box flexGrow={1}>
              <H5 mb="sm">Notes (on the invoice)</H5>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{d.notes}</Text>
            </Box>
          )}
          {d.adminNotes && (
            <Box flexGrow={1}>
              <H5 mb="sm">Staff notes</H5>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{d.adminNotes}</Text>
            </Box>
          )}
        </Box>
      )}
    </Box>
  )
}

const TotalLine: React.FC<{
  label: string
  value: string
  hint?: string
  strong?: boolean
  muted?: boolean
}> = ({ label, value, hint, strong, muted }) => (
  <Box
    flex
    flexDirection="row"
    justifyContent="space-between"
    py="sm"
    style={strong ? { borderTop: '1px solid #e0e3ef' } : undefined}
  >
    <Text color={muted ? 'grey60' : undefined} fontWeight={strong ? 'bold' : undefined}>
      {label}
      {hint && (
        <Text as="span" color="grey60" fontSize="sm">
          {' '}
          {hint}
        </Text>
      )}
    </Text>
    <Text
      color={muted ? 'grey60' : undefined}
      fontWeight={strong ? 'bold' : undefined}
      style={{ fontVariantNumeric: 'tabular-nums' }}
      ml="xl"
    >
      {value}
    </Text>
  </Box>
)

export default InvoiceShow
