import React, { useEffect, useState } from 'react'
import {
  Box,
  Button,
  H2,
  H5,
  Input,
  Label,
  Loader,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import ReportChart from './report-chart'
import type { ReportsData } from '../pages/reports'
import { adminApi } from './use-record-action'

interface Answer {
  ok: boolean
  data?: ReportsData
  notice?: { message: string }
}

/** Reports (billing.view): a range and an aging date, then each report's charts, table and CSV link. */
const ReportsPage: React.FC = () => {
  const [data, setData] = useState<ReportsData | null>(null)
  const [form, setForm] = useState({ from: '', to: '', asOf: '' })
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const load = (params: Record<string, string>) => {
    setLoading(true)
    adminApi
      .getPage({ pageName: 'reports', params })
      .then((response) => {
        const answer = response.data as Answer
        if (answer.ok && answer.data) {
          setData(answer.data)
          setForm({ from: answer.data.from, to: answer.data.to, asOf: answer.data.asOf })
          setError(null)
        } else setError(answer.notice?.message ?? 'The reports could not be loaded.')
      })
      .catch(() => setError('The reports could not be loaded. Reload the page to try again.'))
      .finally(() => setLoading(false))
  }
  useEffect(() => load({}), [])

  return (
    <Box variant="grey" data-testid="berth-reports">
      <H2 mb="lg">Reports</H2>
      <Box
        as="form"
        variant="card"
        p="lg"
        mb="xl"
        flex
        flexDirection="row"
        flexWrap="wrap"
        alignItems="flex-end"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault()
          load(form)
        }}
      >
        {(['from', 'to', 'asOf'] as const).map((key) => (
          <Box key={key} mr="lg">
            <Label htmlFor={`report-${key}`}>
              {key === 'asOf' ? 'Aging as of' : key === 'from' ? 'From' : 'To'}
            </Label>
            <Input
              id={`report-${key}`}
              type="date"
              value={form[key]}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setForm({ ...form, [key]: e.target.value })
              }
            />
          </Box>
        ))}
        <Button type="submit" variant="contained" disabled={loading}>
          Show
        </Button>
      </Box>
      {error && <MessageBox mb="xl" variant="danger" message={error} />}
      {loading && !data ? <Loader /> : null}
      {data?.reports.map((report) => (
        <Box key={report.key} mb="xxl" data-testid={`report-${report.key}`}>
          <Box flex flexDirection="row" justifyContent="space-between" alignItems="baseline" flexWrap="wrap">
            <H5 ml="8px">{report.title}</H5>
            <a
              href={`${window.location.pathname.replace(/\/pages\/reports\/?$/, '')}/api/pages/reports?${report.csv}`}
              download
            >
              Download CSV
            </a>
          </Box>
          <Text ml="8px" mb="sm" color="grey60">
            {report.description}
          </Text>
          <Box mx="-8px">
            {report.charts.map((chart) => (
              <ReportChart key={chart.title} chart={chart} />
            ))}
          </Box>
          <Box variant="card" p="lg">
            {report.table.rows.length === 0 ? (
              <Text color="grey60">Nothing in this period.</Text>
            ) : (
              <Table>
                <TableHead>
                  <TableRow>
                    {report.table.columns.map((c) => (
                      <TableCell key={c}>{c}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.table.rows.map((row, i) => (
                    <TableRow key={i}>
                      {row.map((cell, j) => (
                        <TableCell key={j} style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {cell}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Box>
        </Box>
      ))}
    </Box>
  )
}

export default ReportsPage
