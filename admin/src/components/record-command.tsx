import React from 'react'
import type { ActionProps } from 'adminjs'
import { Box, Button, H4, Icon, MessageBox, Text } from '@adminjs/design-system'
import { useRecordAction } from './use-record-action'

/**
 * The confirmation screen of a state-changing record action (Disable, Enable...). Opening it only
 * reads the record; the change happens on the button's POST. `action.custom` carries the wording.
 */
const RecordCommand: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })
  const custom = (action.custom ?? {}) as {
    question?: string
    explanation?: string
    confirmLabel?: string
    variant?: 'danger' | 'primary'
  }
  if (!record) return null

  const run = async () => {
    const outcome = await send({ data: { confirm: 'yes' } })
    if (outcome.status === 'refused' && outcome.notice) addNotice(outcome.notice)
  }

  return (
    <Box variant="container" data-testid={`command-${action.name}`}>
      <H4 mb="lg">{custom.question ?? `${action.label}?`}</H4>
      <Text mb="lg" fontWeight="bold">
        {record.title}
      </Text>
      {custom.explanation && (
        <MessageBox
          mb="xl"
          variant={custom.variant === 'danger' ? 'warning' : 'info'}
          message={custom.explanation}
        />
      )}
      <Button
        variant={custom.variant === 'danger' ? 'danger' : 'contained'}
        onClick={run}
        disabled={busy}
        data-testid="confirm-command"
      >
        {busy ? <Icon icon="Loader" spin /> : null}
        {custom.confirmLabel ?? action.label}
      </Button>
    </Box>
  )
}

export default RecordCommand
