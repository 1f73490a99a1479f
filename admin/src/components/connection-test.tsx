import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, MessageBox, Text } from '@adminjs/design-system'
import { useRecordAction } from './use-record-action'

interface Result {
  ok: boolean
  message: string
  durationMs?: number
}

/** "Test connection" on a server or product: runs the module's check and shows what came back. */
const ConnectionTest: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const [result, setResult] = useState<Result | null>(null)
  const custom = (action.custom ?? {}) as { explanation?: string }
  if (!record) return null

  const run = async () => {
    setResult(null)
    const outcome = await send<{ result?: Result }>({ data: { confirm: 'yes' }, follow: false })
    if (outcome.status === 'failed')
      return addNotice({ message: 'The test could not be run. Please try again.', type: 'error' })
    // A failed check answers its result with an error notice: the result is what to show.
    if (outcome.answer.result) setResult(outcome.answer.result)
    else if (outcome.answer.notice) addNotice(outcome.answer.notice)
  }

  return (
    <Box variant="container" data-testid="connection-test">
      <H4 mb="sm">Test the connection of {record.title}</H4>
      <Text color="grey60" mb="lg">
        {custom.explanation ?? 'Asks the provisioning module whether it can reach the host.'}
      </Text>
      <Button variant="contained" onClick={run} disabled={busy} data-testid="run-connection-test">
        {busy ? <Icon icon="Loader" spin /> : <Icon icon="Zap" />}
        {busy ? 'Testing…' : 'Test connection'}
      </Button>
      {result && (
        <MessageBox
          mt="xl"
          variant={result.ok ? 'success' : 'danger'}
          data-testid={`connection-${result.ok ? 'ok' : 'failed'}`}
          message={`${result.ok ? 'Connected' : 'Failed'}${result.durationMs !== undefined ? ` in ${result.durationMs} ms` : ''}: ${result.message}`}
        />
      )}
    </Box>
  )
}

export default ConnectionTest
