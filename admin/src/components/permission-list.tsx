import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Badge, Box, MessageBox, Text, ValueGroup } from '@adminjs/design-system'
import { BUILT_IN_NOTE, groupCatalogue, permissionsOf, type Catalogue } from './permission-groups'

/** A role's permissions, read-only: a count in lists, the granted ones with descriptions on show. */
const PermissionList: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const catalogue = (property.props?.catalogue ?? {}) as Catalogue
  const granted = new Set(permissionsOf(record?.params))
  const total = Object.keys(catalogue).length
  if (where === 'list') return <Text>{granted.size === total ? 'All' : `${granted.size} of ${total}`}</Text>

  const isBuiltIn = record?.params?.isSystem === true || record?.params?.isSystem === 'true'
  const groups = groupCatalogue(catalogue)
    .map((g) => ({ ...g, permissions: g.permissions.filter((p) => granted.has(p.name)) }))
    .filter((g) => g.permissions.length)

  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {isBuiltIn && <MessageBox mb="lg" variant="info" message={BUILT_IN_NOTE} />}
      {groups.length === 0 ? (
        <Text color="grey60">This role grants no permissions.</Text>
      ) : (
        <Box flex flexDirection="row" flexWrap="wrap" data-testid="permission-list">
          {groups.map((group) => (
            <Box key={group.key} width={['100%', '50%', '33%']} pr="xl" mb="lg">
              <Text fontWeight="bold" mb="sm">
                {group.label}
              </Text>
              {group.permissions.map(({ name, description }) => (
                <Box key={name} mb="sm">
                  <Badge size="sm" variant="primary" outline mr="sm">
                    {name}
                  </Badge>
                  <Text as="span" fontSize="sm">
                    {description}
                  </Text>
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      )}
    </ValueGroup>
  )
}

export default PermissionList
