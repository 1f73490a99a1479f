import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import {
  Box,
  FormGroup,
  FormMessage,
  Input,
  Label,
  MessageBox,
  Select,
  Text,
  TextArea,
  ValueGroup,
} from '@adminjs/design-system'
import { errorsUnder, paramValue } from './catalog-shared'

interface SettingField {
  key: string
  label: string
  kind: 'text' | 'textarea' | 'url' | 'number' | 'secret'
  required: boolean
  defaultValue?: string
  hint: string
}

interface ModuleDescriptor {
  name: string
  displayName: string
  description: string
  usesServer: boolean
  fields: SettingField[]
}

/**
 * A product's provisioning module and its settings, rendered from the module's settings schema
 * (described by the server). Secret settings are write-only: the form only knows whether one is
 * stored (masked, e.g. ••••3f2a); typing replaces it, leaving it empty keeps it.
 */
const ModuleSettings: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const modules = (property.props as { modules?: ModuleDescriptor[] } | undefined)?.modules ?? []
  const chosen = String(record?.params?.[property.path] ?? '')
  const module = modules.find((m) => m.name === chosen)
  const settings = paramValue<Record<string, unknown>>(record, 'moduleSettings') ?? {}
  const secrets = paramValue<Record<string, unknown>>(record, 'moduleSecrets') ?? {}
  const label = translateProperty(property.label, resource.id)

  if (where === 'list') return <Text>{module?.displayName ?? (chosen || '—')}</Text>
  if (where === 'show') {
    return (
      <ValueGroup label={label}>
        {!module ? (
          <Text color="grey60">
            {chosen ? `Unknown module "${chosen}"` : 'None: services are set up by hand, without a module.'}
          </Text>
        ) : (
          <Box data-testid="module-settings-show">
            <Text fontWeight="bold">{module.displayName}</Text>
            <Text color="grey60" fontSize="sm" mb="default">
              {module.description}
            </Text>
            <table style={{ borderCollapse: 'collapse' }}>
              <tbody>
                {module.fields.map((f) => {
                  const value = f.kind === 'secret' ? secrets[f.key] : settings[f.key]
                  return (
                    <tr key={f.key}>
                      <td style={{ padding: '2px 16px 2px 0', color: '#454655', verticalAlign: 'top' }}>
                        {f.label}
                      </td>
                      <td
                        style={{
                          padding: '2px 0',
                          fontFamily: f.kind === 'secret' ? 'ui-monospace, monospace' : undefined,
                        }}
                      >
                        {value === undefined || value === null || value === ''
                          ? f.kind === 'secret'
                            ? 'not set'
                            : f.defaultValue
                              ? `${f.defaultValue} (default)`
                              : '—'
                          : String(value)}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </Box>
        )}
      </ValueGroup>
    )
  }

  const errors = errorsUnder(record?.errors, 'moduleSettings')
  const ownError = record?.errors?.[property.path]?.message
  const options = [
    { value: '', label: 'None (no automation)' },
    ...modules.map((m) => ({ value: m.name, label: m.displayName })),
  ]
  return (
    <Box mb="xl" data-testid="module-settings-edit">
      <FormGroup error={Boolean(ownError)}>
        <Label htmlFor="provisioningModule">{label}</Label>
        <Select
          inputId="provisioningModule"
          value={options.find((o) => o.value === chosen) ?? options[0]}
          options={options}
          onChange={(selected: { value: string } | null) => {
            // Another module has other settings: start them afresh.
            onChange?.('moduleSettings', {})
            onChange?.(property.path, selected?.value ?? '')
          }}
        />
        <FormMessage>
          {ownError ?? module?.description ?? 'Without a module, staff activate services themselves.'}
        </FormMessage>
      </FormGroup>
      {module && module.fields.length > 0 && (
        <Box pl="lg" style={{ borderLeft: '3px solid #e0e3ef' }}>
          {module.usesServer && (
            <MessageBox
              mb="lg"
              variant="info"
              message="This module uses a server: choose a server group below."
            />
          )}
          {module.fields.map((f) => {
            const path = `moduleSettings.${f.key}`
            const error = errors[path]
            const stored = secrets[f.key]
            const value = String(settings[f.key] ?? '')
            const set = (v: string) => onChange?.(path, v)
            return (
              <FormGroup key={f.key} error={Boolean(error)}>
                <Label htmlFor={path} required={f.required}>
                  {f.label}
                </Label>
                {f.kind === 'textarea' ? (
                  <TextArea
                    id={path}
                    name={path}
                    rows={4}
                    width={1}
                    value={value}
                    onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(e.target.value)}
                  />
                ) : (
                  <Input
                    id={path}
                    name={path}
                    width={1}
                    type={
                      f.kind === 'secret'
                        ? 'password'
                        : f.kind === 'number'
                          ? 'number'
                          : f.kind === 'url'
                            ? 'url'
                            : 'text'
                    }
                    autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
                    placeholder={
                      f.kind === 'secret'
                        ? stored
                          ? `${String(stored)} (stored; type to replace)`
                          : 'not set'
                        : (f.defaultValue ?? '')
                    }
                    value={value}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)}
                  />
                )}
                <FormMessage>{error ?? f.hint}</FormMessage>
              </FormGroup>
            )
          })}
        </Box>
      )}
    </Box>
  )
}

export default ModuleSettings
