import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Box, FormGroup, FormMessage, Input, Label, Text, ValueGroup } from '@adminjs/design-system'
import { errorsUnder, paramValue } from './catalog-shared'

/**
 * Write-only credentials (a server's password, API token, shared secret). The page only ever gets
 * them masked (••••3f2a); typing a value replaces the stored one, an empty field keeps it.
 */
const CredentialsField: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const keys = (property.props as { keys?: { key: string; label: string }[] } | undefined)?.keys ?? []
  const masked = paramValue<Record<string, string>>(record, 'credentialsMasked') ?? {}
  const typed = paramValue<Record<string, string>>(record, property.path) ?? {}
  const label = translateProperty(property.label, resource.id)
  if (where !== 'edit') {
    return (
      <ValueGroup label={label}>
        <Box data-testid="credentials-show">
          {keys.map(({ key, label: l }) => (
            <Text key={key}>
              {l}: <span style={{ fontFamily: 'ui-monospace, monospace' }}>{masked[key] || 'not set'}</span>
            </Text>
          ))}
        </Box>
      </ValueGroup>
    )
  }
  const errors = errorsUnder(record?.errors, property.path)
  return (
    <Box mb="xl" data-testid="credentials-edit">
      <Label>{label}</Label>
      <Text fontSize="sm" color="grey60" mb="default">
        {property.description}
      </Text>
      {keys.map(({ key, label: l }) => {
        const path = `${property.path}.${key}`
        return (
          <FormGroup key={key} error={Boolean(errors[path])}>
            <Label htmlFor={path}>{l}</Label>
            <Input
              id={path}
              name={path}
              type="password"
              autoComplete="new-password"
              width={1}
              placeholder={masked[key] ? `${masked[key]} (stored; type to replace)` : 'not set'}
              value={typed[key] ?? ''}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange?.(path, e.target.value)}
            />
            <FormMessage>{errors[path]}</FormMessage>
          </FormGroup>
        )
      })}
    </Box>
  )
}

export default CredentialsField
