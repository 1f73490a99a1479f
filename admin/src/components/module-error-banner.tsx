import React from 'react'
import { ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Box, MessageBox, Text } from '@adminjs/design-system'

const h = new ViewHelpers()

/** A service's last provisioning error, at the top of its page, with the way out (retry). */
const ModuleErrorBanner: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const error = record?.params?.lastModuleError as string | null | undefined
  if (!error) return null
  const canRetry = record?.recordActions?.some((a) => a.name === 'retryModuleCall')
  return (
    <Box mb="xl" data-testid="module-error-banner">
      <MessageBox variant="danger" message="The last provisioning call failed">
        <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {error}
        </Text>
        <Text mt="sm" fontSize="sm">
          The service kept its status. Fix the cause (host, module settings, server), then{' '}
          {canRetry && record ? (
            <a
              href={h.recordActionUrl({
                resourceId: resource.id,
                recordId: record.id,
                actionName: 'retryModuleCall',
              })}
            >
              retry the call
            </a>
          ) : (
            'retry the call'
          )}
          . Every attempt is in the module log below.
        </Text>
      </MessageBox>
    </Box>
  )
}

export default ModuleErrorBanner
