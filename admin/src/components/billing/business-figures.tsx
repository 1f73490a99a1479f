import React from 'react'
import { Box, H5, Text } from '@adminjs/design-system'
import ReportChart from '../report-chart'
import type { BusinessFigures } from '../../pages/reports'

const Tile: React.FC<{ testId: string; label: string; children: React.ReactNode }> = ({
  testId,
  label,
  children,
}) => (
  <Box
    variant="card"
    p="lg"
    m="8px"
    width={['100%', '46%', '22%']}
    style={{ minWidth: 200 }}
    data-testid={testId}
  >
    <Text color="grey60" fontSize="sm">
      {label}
    </Text>
    {children}
  </Box>
)

const big = { fontWeight: 'bold', mt: 'sm', style: { fontVariantNumeric: 'tabular-nums' } } as const

/** The dashboard's business row (billing.view): revenue net of refunds, MRR, counts, the last daily run, 12 months of revenue. */
const BusinessFiguresSection: React.FC<{ data: BusinessFigures }> = ({ data }) => (
  <Box mb="xl" data-testid="business-figures">
    <H5 mb="default" ml="8px">
      Business
    </H5>
    <Box flex flexDirection="row" flexWrap="wrap" mx="-8px">
      <Tile testId="revenue" label="Revenue today / this month / this year (net of refunds)">
        {data.revenue.length === 0 ? (
          <Text fontSize="h3" {...big}>
            None yet
          </Text>
        ) : (
          data.revenue.map((r) => (
            <Text key={r.currency} {...big}>
              {r.today} / {r.month} / {r.year}
            </Text>
          ))
        )}
      </Tile>
      <Tile testId="mrr" label="Monthly recurring revenue">
        {data.mrr.length === 0 ? (
          <Text fontSize="h3" {...big}>
            None
          </Text>
        ) : (
          data.mrr.map((r) => (
            <Text key={r.currency} fontSize="h3" {...big}>
              {r.amount}
            </Text>
          ))
        )}
      </Tile>
      <Tile testId="active" label="Active clients / services">
        <Text fontSize="h3" {...big}>
          {data.activeClients.toLocaleString()} / {data.activeServices.toLocaleString()}
        </Text>
      </Tile>
      <Tile testId="last-run" label="Last daily run">
        {data.lastRun ? (
          <>
            <Text {...big} color={data.lastRun.status === 'FAILED' ? 'error' : undefined}>
              {data.lastRun.status} · {data.lastRun.runKey}
            </Text>
            <Text color="grey60" fontSize="sm">
              {data.lastRun.job}
              {data.lastRun.message ? ` · ${data.lastRun.message}` : ''}
            </Text>
          </>
        ) : (
          <Text fontSize="h3" {...big}>
            Never run
          </Text>
        )}
      </Tile>
    </Box>
    <Box mx="-8px">
      {data.chart.map((chart) => (
        <ReportChart key={chart.title} chart={chart} testId="revenue-chart" />
      ))}
    </Box>
  </Box>
)

export default BusinessFiguresSection
