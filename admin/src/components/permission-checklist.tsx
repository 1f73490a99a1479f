import React from 'react'
import { useCurrentAdmin, useTranslation, type BasePropertyProps } from 'adminjs'
import { Box, CheckBox, FormGroup, FormMessage, Label, MessageBox, Text } from '@adminjs/design-system'
import {
  BUILT_IN_NOTE,
  groupCatalogue,
  NOT_HELD_NOTE,
  permissionsOf,
  type Catalogue,
} from './permission-groups'

/**
 * A role's permissions as a checklist of the catalogue, each with its description. A permission the
 * signed-in member does not hold cannot be added (core refuses it too); one the role already has
 * can still be removed.
 */
const PermissionChecklist: React.FC<BasePropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty } = useTranslation()
  const [currentAdmin] = useCurrentAdmin()
  const held = new Set<string>(
    Array.isArray(currentAdmin?.permissions) ? (currentAdmin.permissions as string[]) : [],
  )
  const catalogue = (property.props?.catalogue ?? {}) as Catalogue
  const selected = new Set(permissionsOf(record?.params))
  const isBuiltIn = record?.params?.isSystem === true || record?.params?.isSystem === 'true'
  const error = record?.errors?.[property.path]

  const toggle = (name: string) => {
    const next = new Set(selected)
    if (next.has(name)) next.delete(name)
    else next.add(name)
    onChange?.(
      property.path,
      Object.keys(catalogue).filter((p) => next.has(p)),
    )
  }

  return (
    <FormGroup error={Boolean(error)}>
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {isBuiltIn && <MessageBox mb="lg" variant="info" message={BUILT_IN_NOTE} />}
      {!isBuiltIn && (
        <Text color="grey60" mb="lg">
          {NOT_HELD_NOTE}
        </Text>
      )}
      <Box flex flexDirection="row" flexWrap="wrap" data-testid="permission-checklist">
        {groupCatalogue(catalogue).map((group) => (
          <Box key={group.key} width={['100%', '50%', '33%']} pr="xl" mb="lg">
            <Text fontWeight="bold" mb="sm">
              {group.label}
            </Text>
            {group.permissions.map(({ name, description }) => {
              const id = `permission-${name}`
              const isLocked = isBuiltIn || (!selected.has(name) && !held.has(name))
              return (
                <Box key={name} flex flexDirection="row" alignItems="flex-start" mb="default">
                  <CheckBox
                    id={id}
                    name={id}
                    checked={selected.has(name)}
                    disabled={isLocked}
                    onChange={() => toggle(name)}
                  />
                  <Label
                    inline
                    htmlFor={id}
                    ml="default"
                    style={{ cursor: isLocked ? 'default' : 'pointer', lineHeight: 1.4 }}
                  >
                    {description}
                    <Text as="span" color="grey60" fontSize="sm" style={{ display: 'block' }}>
                      {name}
                    </Text>
                  </Label>
                </Box>
              )
            })}
          </Box>
        ))}
      </Box>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  )
}

export default PermissionChecklist
