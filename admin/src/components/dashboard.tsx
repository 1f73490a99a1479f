import React, { useEffect, useState } from 'react'
import { ViewHelpers } from 'adminjs'
import {
  Box,
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
import BillingDashboardSection, { type BillingDashboardData } from './billing/billing-dashboard'
import BusinessFiguresSection from './billing/business-figures'
import type { BusinessFigures } from '../pages/reports'
import { adminApi } from './use-record-action'

interface Count {
  key: string
  label: string
  value: number
  resourceId?: string
  search?: string
}

interface RecentEvent {
  id: string
  createdAt: string
  actorLabel: string | null
  action: string
  targetType: string
  targetId: string | null
}

interface DashboardData {
  greeting: string
  roleName: string
  counts: Count[]
  recentEvents: RecentEvent[] | null
  billing?: BillingDashboardData | null
  business?: BusinessFigures | null
}

const h = new ViewHelpers()

const formatWhen = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const Dashboard: React.FC = () => {
  const [data, setData] = useState<DashboardData | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    adminApi
      .getDashboard()
      .then((response) => setData(response.data as DashboardData))
      .catch(() => setFailed(true))
  }, [])

  if (failed)
    return (
      <MessageBox
        m="xl"
        variant="danger"
        message="The dashboard could not be loaded. Reload the page to try again."
      />
    )
  if (!data) return <Loader />

  return (
    <Box variant="grey" data-testid="berth-dashboard">
      <Box mb="xl">
        <H2 mb="sm">{data.greeting}</H2>
        <Text color="grey60">Signed in as {data.roleName}. Here is how Berth looks today.</Text>
      </Box>

      <Box flex flexDirection="row" flexWrap="wrap" mx="-8px" mb="xl">
        {data.counts.map((count) => {
          const inner = (
            <Box
              variant="card"
              p="lg"
              m="8px"
              width={['100%', '46%', '22%']}
              style={{ minWidth: 180 }}
              data-testid={`count-${count.key}`}
            >
              <Text color="grey60" fontSize="sm">
                {count.label}
              </Text>
              <Text fontSize="h2" fontWeight="bold" mt="sm">
                {count.value.toLocaleString()}
              </Text>
            </Box>
          )
          return count.resourceId ? (
            <a
              key={count.key}
              href={h.resourceUrl({ resourceId: count.resourceId, search: count.search })}
              style={{ textDecoration: 'none', color: 'inherit', display: 'contents' }}
            >
              {inner}
            </a>
          ) : (
            <React.Fragment key={count.key}>{inner}</React.Fragment>
          )
        })}
      </Box>

      {data.business && <BusinessFiguresSection data={data.business} />}

      {data.billing && <BillingDashboardSection data={data.billing} />}

      {data.recentEvents && (
        <Box variant="card" p="lg">
          <H5 mb="lg">Recent activity</H5>
          {data.recentEvents.length === 0 ? (
            <Text color="grey60">Nothing has happened yet.</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Who</TableCell>
                  <TableCell>What</TableCell>
                  <TableCell>On</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.recentEvents.map((event) => (
                  <TableRow key={event.id}>
                    <TableCell>
                      <a
                        href={h.recordActionUrl({
                          resourceId: 'AuditEvent',
                          recordId: event.id,
                          actionName: 'show',
                        })}
                      >
                        {formatWhen(event.createdAt)}
                      </a>
                    </TableCell>
                    <TableCell>{event.actorLabel ?? 'system'}</TableCell>
                    <TableCell>
                      <code>{event.action}</code>
                    </TableCell>
                    <TableCell>
                      {event.targetType}
                      {event.targetId ? (
                        <Text as="span" color="grey60">
                          {' '}
                          · {event.targetId.slice(0, 8)}
                        </Text>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      )}
    </Box>
  )
}

export default Dashboard
