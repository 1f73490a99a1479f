import React, { useEffect } from 'react'
import { ViewHelpers, type ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, Text } from '@adminjs/design-system'

const h = new ViewHelpers()

/** The invoice PDF (core's renderInvoicePdf) as a file download; the download starts on its own. */
const InvoicePdf: React.FC<ActionProps> = ({ record, resource }) => {
  const href = record
    ? h.urlBuilder(
        ['api', 'resources', resource.id, 'records', encodeURIComponent(String(record.id)), 'downloadPdf'],
        '?download=1',
      )
    : ''
  useEffect(() => {
    if (href) window.location.assign(href)
  }, [href])
  if (!record) return null
  return (
    <Box variant="container" data-testid="invoice-pdf">
      <H4 mb="lg">Invoice PDF</H4>
      <Text mb="lg">The download of {record.title} should start by itself. If it does not:</Text>
      <Button as="a" href={href} variant="contained" download>
        <Icon icon="Download" /> Download {record.title}.pdf
      </Button>
    </Box>
  )
}

export default InvoicePdf
