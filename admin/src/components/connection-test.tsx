import React, { useState } from 'react'
import { ApiClient, useNotice, type ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, MessageBox, Text } from '@adminjs/design-system'

const api = new ApiClient()

interface Result {
  ok: boolean
  message: string
  durationMs?: number
}

/** "Test connection" on a server or product: runs the module's check and shows what came back. */
const ConnectionTest: React.FC<ActionProps> = ({ action, record, resource }) => {
  const addNotice = useNotice()
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Result | null>(null)
  const custom = (action.custom ?? {}) as { explanation?: string }
  if (!record) return null

  const run = () => {
    setBusy(true)
    setResult(null)
    api
      .recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: action.name,
        data: { confirm: 'yes' },
      })
      .then((response) => {
        const answer = response.data as {
          result?: Result
          notice?: { message: string; type: 'success' | 'error' }
        }
        if (answer.result) setResult(answer.result)
        else if (answer.notice) addNotice(answer.notice)
      })
      .catch(() => addNotice({ message: 'The test could not be run. Please try again.', type: 'error' }))
      .finally(() => setBusy(false))
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
