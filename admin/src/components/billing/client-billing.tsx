import React from 'react'
import { useTranslation, ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Box, Text, ValueGroup } from '@adminjs/design-system'

const h = new ViewHelpers()
const linkStyle: React.CSSProperties = { color: '#0b5c7a', textDecoration: 'none', fontWeight: 600 }

/** On a client's page: the account credit, and the way to its invoices, a new invoice, its ledger. */
const ClientBilling: React.FC<BasePropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation()
  const id = record?.id
  if (!id) return null
  const credit = record?.params?.[property.path] as string | null | undefined
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      <Text
        fontSize="lg"
        fontWeight="bold"
        style={{ fontVariantNumeric: 'tabular-nums' }}
        data-testid="client-credit"
      >
        {credit ?? '—'}
      </Text>
      <Box flex flexDirection="row" flexWrap="wrap" mt="sm" style={{ gap: 16 }}>
        <a
          style={linkStyle}
          href={`${h.resourceUrl({ resourceId: 'Invoice' })}?filters.client=${encodeURIComponent(id)}`}
        >
          Invoices
        </a>
        <a
          style={linkStyle}
          href={`${h.resourceActionUrl({ resourceId: 'Invoice', actionName: 'new' })}?clientId=${encodeURIComponent(id)}`}
        >
          New invoice
        </a>
        <a
          style={linkStyle}
          href={`${h.resourceUrl({ resourceId: 'Transaction' })}?filters.client=${encodeURIComponent(id)}`}
        >
          Transactions
        </a>
        <a
          style={linkStyle}
          href={`${h.resourceUrl({ resourceId: 'CreditEntry' })}?filters.client=${encodeURIComponent(id)}`}
        >
          Credit ledger
        </a>
      </Box>
    </ValueGroup>
  )
}

export default ClientBilling
