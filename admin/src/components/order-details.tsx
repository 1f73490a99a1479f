import React from 'react'
import { useResource, ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Box, H5, Text } from '@adminjs/design-system'
import { humanStatus } from './catalog-shared'
import { readData } from '../actions/record-data'
import type { orderDetail } from '../catalog/service-view'

const h = new ViewHelpers()

type Detail = Awaited<ReturnType<typeof orderDetail>>

const cell: React.CSSProperties = {
  padding: '6px 12px 6px 0',
  verticalAlign: 'top',
  borderBottom: '1px solid #f0f1f7',
}
const head: React.CSSProperties = { ...cell, fontSize: 12, color: '#454655', textAlign: 'left' }

/** An order's services and invoices (with links), and its promotion code. */
const OrderDetails: React.FC<BasePropertyProps> = ({ record }) => {
  const detail = readData<Detail>(record, 'detail') ?? null
  const invoiceResource = useResource('Invoice')
  if (!detail) return null
  return (
    <Box mb="xl" data-testid="order-details">
      <H5 mb="default">Services</H5>
      <table
        style={{ borderCollapse: 'collapse', width: '100%', marginBottom: 24 }}
        data-testid="order-services"
      >
        <thead>
          <tr>
            <th style={head}>Product</th>
            <th style={head}>Domain</th>
            <th style={head}>Status</th>
            <th style={head}>Cycle</th>
            <th style={head}>First payment</th>
            <th style={head}>Recurring</th>
          </tr>
        </thead>
        <tbody>
          {detail.services.map((s) => (
            <tr key={s.id}>
              <td style={cell}>
                <a href={h.recordActionUrl({ resourceId: 'Service', recordId: s.id, actionName: 'show' })}>
                  {s.product}
                </a>
              </td>
              <td style={cell}>{s.domain ?? '—'}</td>
              <td style={cell}>{humanStatus(s.status)}</td>
              <td style={cell}>{s.cycle}</td>
              <td style={cell}>{s.firstPayment}</td>
              <td style={cell}>{s.recurring ?? '—'}</td>
            </tr>
          ))}
          {detail.services.length === 0 && (
            <tr>
              <td style={cell} colSpan={6}>
                <Text color="grey60">
                  No services (they may have been removed with the order's cancellation).
                </Text>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <H5 mb="default">Invoice</H5>
      <table
        style={{ borderCollapse: 'collapse', width: '100%', marginBottom: 24 }}
        data-testid="order-invoices"
      >
        <thead>
          <tr>
            <th style={head}>Number</th>
            <th style={head}>Status</th>
            <th style={head}>Total</th>
            <th style={head}>Balance</th>
          </tr>
        </thead>
        <tbody>
          {detail.invoices.map((i) => (
            <tr key={i.id}>
              <td style={cell}>
                {invoiceResource ? (
                  <a href={h.recordActionUrl({ resourceId: 'Invoice', recordId: i.id, actionName: 'show' })}>
                    {i.number ?? 'Draft'}
                  </a>
                ) : (
                  (i.number ?? 'Draft')
                )}
              </td>
              <td style={cell}>{humanStatus(i.status)}</td>
              <td style={cell}>{i.total}</td>
              <td style={cell}>{i.balance}</td>
            </tr>
          ))}
          {detail.invoices.length === 0 && (
            <tr>
              <td style={cell} colSpan={4}>
                <Text color="grey60">No invoice.</Text>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </Box>
  )
}

export default OrderDetails
