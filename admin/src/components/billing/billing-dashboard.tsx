import React from 'react'
import { ViewHelpers } from 'adminjs'
import { Box, H5, Text } from '@adminjs/design-system'
import type { BillingDashboard } from '../../pages/billing-dashboard'

const h = new ViewHelpers()

// The shape pages/billing-dashboard.ts sends; a type-only import, erased from the bundle.
export type BillingDashboardData = BillingDashboard

const link = (resourceId: string, search = '') => `${h.resourceUrl({ resourceId })}${search}`

const Tile: React.FC<{
  testId: string
  label: string
  href?: string
  children: React.ReactNode
  tone?: 'danger'
}> = ({ testId, label, href, children, tone }) => {
  const inner = (
    <Box
      variant="card"
      p="lg"
      m="8px"
      width={['100%', '46%', '22%']}
      style={{ minWidth: 200 }}
      data-testid={testId}
    >
      <Text color={tone === 'danger' ? 'error' : 'grey60'} fontSize="sm">
        {label}
      </Text>
      {children}
    </Box>
  )
  return href ? (
    <a href={href} style={{ textDecoration: 'none', color: 'inherit', display: 'contents' }}>
      {inner}
    </a>
  ) : (
    inner
  )
}

const Amounts: React.FC<{ rows: { currency: string; amount: string }[]; empty: string }> = ({
  rows,
  empty,
}) =>
  rows.length === 0 ? (
    <Text fontSize="h3" fontWeight="bold" mt="sm">
      {empty}
    </Text>
  ) : (
    <>
      {rows.map((r) => (
        <Text
          key={r.currency}
          fontSize={rows.length > 1 ? 'h4' : 'h3'}
          fontWeight="bold"
          mt="sm"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {r.amount}
        </Text>
      ))}
    </>
  )

const day = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
  })

/**
 * Payments per day over the last 30 days, drawn in plain SVG: one bar per day, its height
 * proportional to the day's total (per-mille computed on the server with bigint), the day's
 * amount on hover, the largest day as the scale.
 */
const PaymentsChart: React.FC<{ chart: BillingDashboardData['chart'] }> = ({ chart }) => {
  const width = 1000
  const height = 200
  const top = 16
  const bottom = 24
  const left = 8
  const plot = height - top - bottom
  const step = (width - left * 2) / chart.days.length
  const bar = Math.max(4, step * 0.7)
  const first = chart.days[0]
  const last = chart.days[chart.days.length - 1]
  const hasPayments = chart.days.some((d) => d.height > 0)
  return (
    <Box variant="card" p="lg" m="8px" data-testid="payments-chart">
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="baseline" flexWrap="wrap">
        <H5 mb="sm">Payments per day, last 30 days ({chart.currency})</H5>
        <Text color="grey60">
          Total {chart.total} · best day {chart.max}
        </Text>
      </Box>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={`Payments per day in ${chart.currency} over the last 30 days, ${chart.total} in total`}
        style={{ display: 'block' }}
      >
        <line x1={left} x2={width - left} y1={top + plot} y2={top + plot} stroke="#c0c4d6" strokeWidth={1} />
        <line
          x1={left}
          x2={width - left}
          y1={top}
          y2={top}
          stroke="#eceef5"
          strokeWidth={1}
          strokeDasharray="4 4"
        />
        {chart.days.map((d, i) => {
          const hgt = (d.height / 1000) * plot
          const x = left + i * step + (step - bar) / 2
          return (
            <g key={d.date} data-testid={`bar-${d.date}`}>
              <rect x={left + i * step} y={top} width={step} height={plot} fill="transparent">
                <title>{`${day(d.date)}: ${d.amount}${d.count ? ` (${d.count} payment${d.count === 1 ? '' : 's'})` : ''}`}</title>
              </rect>
              <rect
                x={x}
                y={top + plot - hgt}
                width={bar}
                height={Math.max(hgt, d.height > 0 ? 1 : 0)}
                rx={2}
                fill={i === chart.days.length - 1 ? '#0b5c7a' : '#5a91a8'}
                pointerEvents="none"
              />
            </g>
          )
        })}
        {first && (
          <text x={left} y={height - 6} fontSize={11} fill="#6b7087">
            {day(first.date)}
          </text>
        )}
        {last && (
          <text x={width - left} y={height - 6} fontSize={11} fill="#6b7087" textAnchor="end">
            {day(last.date)} (today)
          </text>
        )}
        <text x={width - left} y={top - 4} fontSize={11} fill="#6b7087" textAnchor="end">
          {chart.max}
        </text>
        {!hasPayments && (
          <text x={width / 2} y={top + plot / 2} fontSize={13} fill="#6b7087" textAnchor="middle">
            No payments in the last 30 days
          </text>
        )}
      </svg>
    </Box>
  )
}

/** The dashboard's billing row (billing.view): owed, overdue, received this month, things to look at. */
const BillingDashboardSection: React.FC<{ data: BillingDashboardData }> = ({ data }) => {
  const attention = [
    data.drafts ? `${data.drafts} draft invoice${data.drafts === 1 ? '' : 's'}` : null,
    data.failedWebhooks
      ? `${data.failedWebhooks} failed webhook${data.failedWebhooks === 1 ? '' : 's'}`
      : null,
    data.openDisputes ? `${data.openDisputes} open dispute${data.openDisputes === 1 ? '' : 's'}` : null,
  ].filter(Boolean)
  return (
    <Box mb="xl" data-testid="billing-dashboard">
      <H5 mb="default" ml="8px">
        Billing
      </H5>
      <Box flex flexDirection="row" flexWrap="wrap" mx="-8px">
        <Tile
          testId="billing-unpaid"
          label={`Unpaid (${data.unpaid.reduce((n, u) => n + u.count, 0)} invoices)`}
          href={link('Invoice', '?filters.displayStatus=UNPAID')}
        >
          <Amounts rows={data.unpaid} empty="Nothing owed" />
        </Tile>
        <Tile
          testId="billing-overdue"
          label={`Overdue (${data.overdue.count} invoice${data.overdue.count === 1 ? '' : 's'})`}
          href={link('Invoice', '?filters.displayStatus=OVERDUE')}
          tone={data.overdue.count ? 'danger' : undefined}
        >
          <Amounts rows={data.overdue.amounts} empty="None" />
        </Tile>
        <Tile
          testId="billing-month"
          label={`Payments this month (${data.paymentsThisMonth.reduce((n, u) => n + u.count, 0)})`}
          href={link('Transaction', '?filters.type=PAYMENT')}
        >
          <Amounts rows={data.paymentsThisMonth} empty="None yet" />
        </Tile>
        <Tile testId="billing-attention" label="Needs a look">
          {attention.length ? (
            attention.map((a) => (
              <Text key={a} mt="sm" fontWeight="bold">
                {a}
              </Text>
            ))
          ) : (
            <Text fontSize="h3" fontWeight="bold" mt="sm">
              All clear
            </Text>
          )}
        </Tile>
      </Box>
      <Box mx="-8px">
        <PaymentsChart chart={data.chart} />
      </Box>
    </Box>
  )
}

export default BillingDashboardSection
