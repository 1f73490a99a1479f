import React, { useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  CheckBox,
  FormGroup,
  FormMessage,
  H4,
  H5,
  Icon,
  Input,
  Label,
  MessageBox,
  Text,
} from '@adminjs/design-system'
import type { GatewayConfigView } from '@berth/core'
import { readData } from '../../actions/record-data'
import { useRecordAction } from '../use-record-action'

// The view core sends (listGatewayConfigs), as JSON; a type-only import, erased from the bundle.
type GatewayView = Omit<GatewayConfigView, 'updatedAt'>

/**
 * A payment gateway's settings. Secret fields are write-only: the form never holds a stored
 * secret, only whether it is set and its last four characters; typing a value replaces it, an
 * empty field keeps it, "Remove" clears it.
 */
const GatewayForm: React.FC<ActionProps> = ({ record, resource, action }) => {
  const view = readData<GatewayView>(record, 'berthGateway') ?? null
  const [displayName, setDisplayName] = useState(view?.displayName ?? '')
  const [isEnabled, setEnabled] = useState(view?.isEnabled ?? false)
  const [isTestMode, setTestMode] = useState(view?.isTestMode ?? true)
  const [sortOrder, setSortOrder] = useState(String(view?.sortOrder ?? 0))
  const [secrets, setSecrets] = useState<Record<string, string>>({})
  const [clear, setClear] = useState<Record<string, boolean>>({})
  const [publicConfig, setPublic] = useState<Record<string, string>>(
    Object.fromEntries(
      (view?.publicFields ?? []).map((f) => [
        f.key,
        view?.publicConfig[f.key] === undefined ? '' : String(view.publicConfig[f.key]),
      ]),
    ),
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })

  if (!record) return null
  if (!view)
    return (
      <MessageBox
        m="xl"
        variant="danger"
        message="This gateway could not be loaded. Reload the page to try again."
      />
    )
  const err = (path: string) => errors[path]

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const data = { displayName, isEnabled, isTestMode, sortOrder, secrets, clearSecrets: clear, publicConfig }
    const outcome = await send({ data })
    if (outcome.status === 'failed')
      return addNotice({ message: 'Saving failed. Please try again.', type: 'error' })
    setErrors(outcome.status === 'refused' ? outcome.errors : {})
    if (outcome.status === 'refused' && outcome.notice) addNotice(outcome.notice)
    if (outcome.status === 'done' && outcome.answer.notice?.type === 'success') setSecrets({})
  }

  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="gateway-form" style={{ maxWidth: 760 }}>
      <Box flex flexDirection="row" alignItems="center" mb="lg" style={{ gap: 12 }}>
        <H4 mb="0">{view.adapterName}</H4>
        {view.isDemoOnly && <Badge variant="info">Demo only: no real money</Badge>}
      </Box>
      {view.isDemoOnly && (
        <MessageBox
          mb="lg"
          variant="info"
          message="The test gateway lets a newcomer pay without real money. It cannot be enabled or used in production mode."
        />
      )}

      <FormGroup error={Boolean(err('displayName'))}>
        <Label htmlFor="displayName" required>
          Name shown to clients
        </Label>
        <Input
          id="displayName"
          width={1}
          value={displayName}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDisplayName(e.target.value)}
        />
        <FormMessage>{err('displayName')}</FormMessage>
      </FormGroup>
      <Box flex flexDirection="row" alignItems="center" mb="default">
        <CheckBox id="isEnabled" checked={isEnabled} onChange={() => setEnabled(!isEnabled)} />
        <Label inline htmlFor="isEnabled" ml="default">
          Enabled: clients can pay with it
        </Label>
      </Box>
      <Box flex flexDirection="row" alignItems="center" mb="lg">
        <CheckBox id="isTestMode" checked={isTestMode} onChange={() => setTestMode(!isTestMode)} />
        <Label inline htmlFor="isTestMode" ml="default">
          Test mode (use the gateway's test keys and sandbox)
        </Label>
      </Box>
      <FormGroup error={Boolean(err('sortOrder'))}>
        <Label htmlFor="sortOrder">Order</Label>
        <Input
          id="sortOrder"
          inputMode="numeric"
          value={sortOrder}
          style={{ maxWidth: 120 }}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSortOrder(e.target.value)}
        />
        <FormMessage>{err('sortOrder') ?? 'Lower numbers are offered first.'}</FormMessage>
      </FormGroup>

      {view.secretFields.length > 0 && (
        <Box mt="xl">
          <H5 mb="sm">Secret settings</H5>
          <Text color="grey60" mb="lg">
            Stored encrypted and never shown again. Leave a field empty to keep what is saved.
          </Text>
          {view.secretFields.map((f) => {
            const path = `secrets.${f.key}`
            return (
              <FormGroup key={f.key} error={Boolean(err(path))}>
                <Label htmlFor={`secret-${f.key}`} required={f.isRequired}>
                  {f.label}{' '}
                  {f.isSet ? (
                    <Badge size="sm" variant="success" data-testid={`secret-set-${f.key}`}>
                      set · {f.masked}
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="default">
                      not set
                    </Badge>
                  )}
                </Label>
                <Input
                  id={`secret-${f.key}`}
                  type="password"
                  autoComplete="new-password"
                  width={1}
                  placeholder={f.isSet ? 'Leave empty to keep the saved value' : ''}
                  value={secrets[f.key] ?? ''}
                  disabled={clear[f.key]}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                    setSecrets({ ...secrets, [f.key]: e.target.value })
                  }
                />
                {err(path) ? (
                  <FormMessage>{err(path)}</FormMessage>
                ) : f.help ? (
                  <Text mt="sm" fontSize="sm" color="grey60">
                    {f.help}
                  </Text>
                ) : null}
                {f.isSet && (
                  <Box flex flexDirection="row" alignItems="center" mt="sm">
                    <CheckBox
                      id={`clear-${f.key}`}
                      checked={Boolean(clear[f.key])}
                      onChange={() => setClear({ ...clear, [f.key]: !clear[f.key] })}
                    />
                    <Label inline htmlFor={`clear-${f.key}`} ml="default">
                      Remove the saved value
                    </Label>
                  </Box>
                )}
              </FormGroup>
            )
          })}
        </Box>
      )}

      {view.publicFields.length > 0 && (
        <Box mt="xl">
          <H5 mb="lg">Other settings</H5>
          {view.publicFields.map((f) => {
            const path = `publicConfig.${f.key}`
            return (
              <FormGroup key={f.key} error={Boolean(err(path))}>
                <Label htmlFor={`public-${f.key}`} required={f.isRequired}>
                  {f.label}
                </Label>
                <Input
                  id={`public-${f.key}`}
                  width={1}
                  value={publicConfig[f.key] ?? ''}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                    setPublic({ ...publicConfig, [f.key]: e.target.value })
                  }
                />
                {err(path) ? (
                  <FormMessage>{err(path)}</FormMessage>
                ) : f.help ? (
                  <Text mt="sm" fontSize="sm" color="grey60">
                    {f.help}
                  </Text>
                ) : null}
              </FormGroup>
            )
          })}
        </Box>
      )}

      {view.webhookUrl && (
        <Box mt="xl" data-testid="webhook-setup">
          <H5 mb="sm">Webhook</H5>
          <Text mb="sm">
            In {view.adapterName}&apos;s dashboard, add a webhook that sends to <code>{view.webhookUrl}</code>{' '}
            and select these events:
          </Text>
          <Text fontSize="sm" color="grey60" style={{ fontFamily: 'monospace', wordBreak: 'break-word' }}>
            {view.webhookEvents.join(', ')}
          </Text>
        </Box>
      )}

      <Button type="submit" variant="contained" disabled={busy} mt="lg" data-testid="save-gateway">
        {busy ? <Icon icon="Loader" spin /> : null}
        Save
      </Button>
    </Box>
  )
}

export default GatewayForm
