import React, { useEffect, useState } from 'react'
import { ViewHelpers, type ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, Loader, MessageBox, Text } from '@adminjs/design-system'
import { useRecordAction } from '../use-record-action'

const h = new ViewHelpers()

interface ExportInfo {
  total: number
  filters: string[]
}

/**
 * "Export CSV" over the transaction list (a drawer that keeps the list's filters in the address):
 * how many rows the filters match, in words, and the download of core's CSV with those filters.
 */
const TransactionExport: React.FC<ActionProps> = ({ resource }) => {
  const [info, setInfo] = useState<ExportInfo | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const { send } = useRecordAction({ resourceId: resource.id, actionName: 'exportCsv' })
  const search = window.location.search
  const filters: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(search)) if (key.startsWith('filters.')) filters[key] = value

  useEffect(() => {
    void send<{ export?: ExportInfo }>({ params: filters, follow: false }).then((outcome) => {
      if (outcome.status === 'failed') setFailed('The export could not be prepared. Please try again.')
      else if (outcome.status === 'done' && outcome.answer.export) setInfo(outcome.answer.export)
      else setFailed(outcome.answer.notice?.message ?? 'The export could not be prepared.')
    })
    // The drawer opens with the list's query; it does not change while open.
  }, [search])

  const href = h.urlBuilder(
    ['api', 'resources', resource.id, 'actions', 'exportCsv'],
    `?${new URLSearchParams({ ...filters, download: '1' }).toString()}`,
  )

  return (
    <Box variant="container" data-testid="transaction-export">
      <H4 mb="lg">Export transactions as CSV</H4>
      {failed && <MessageBox mb="lg" variant="danger" message={failed} />}
      {!info && !failed && <Loader />}
      {info && (
        <>
          <Text mb="default" data-testid="export-count">
            {info.total === 0
              ? 'No transaction matches these filters.'
              : `${info.total.toLocaleString()} transaction${info.total === 1 ? '' : 's'} match${info.total === 1 ? 'es' : ''}.`}
          </Text>
          {info.filters.length ? (
            <Box as="ul" mb="lg" pl="xl">
              {info.filters.map((f) => (
                <li key={f}>
                  <Text>{f}</Text>
                </li>
              ))}
            </Box>
          ) : (
            <Text mb="lg" color="grey60">
              No filter: every transaction. Use the list's filters to narrow it down.
            </Text>
          )}
          <Text mb="lg" color="grey60" fontSize="sm">
            Amounts are decimal numbers in each row's currency; dates are ISO 8601 (UTC).
          </Text>
          <Box flex flexDirection="row" style={{ gap: 16 }}>
            <Button as="a" href={href} variant="contained" download data-testid="download-csv">
              <Icon icon="Download" /> Download CSV
            </Button>
            <Button
              as="a"
              href={h.resourceUrl({
                resourceId: resource.id,
                search: `?${new URLSearchParams(filters).toString()}`,
              })}
              variant="text"
            >
              Back to the list
            </Button>
          </Box>
        </>
      )}
    </Box>
  )
}

export default TransactionExport
