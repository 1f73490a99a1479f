import React, { useEffect, useState } from 'react'
import { useTranslation, ViewHelpers, type BasePropertyProps, type RecordJSON } from 'adminjs'
import {
  Badge,
  Loader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  ValueGroup,
} from '@adminjs/design-system'
import { adminApi } from './use-record-action'

const h = new ViewHelpers()

const when = (value: unknown) =>
  typeof value === 'string' && value
    ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : '—'

/** On a client's page: its logins, read through the User resource's list (same permission). */
const ClientUsers: React.FC<BasePropertyProps> = ({ record, property, resource }) => {
  const { translateProperty } = useTranslation()
  const [users, setUsers] = useState<RecordJSON[] | null>(null)
  const [failed, setFailed] = useState(false)
  const clientId = record?.id

  useEffect(() => {
    if (!clientId) return
    adminApi
      .resourceAction({
        resourceId: 'User',
        actionName: 'list',
        params: { 'filters.client': clientId, perPage: 50, sortBy: 'createdAt', direction: 'asc' },
      })
      .then((response) => setUsers((response.data as { records: RecordJSON[] }).records))
      .catch(() => setFailed(true))
  }, [clientId])

  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {failed && <Text color="error">The logins could not be loaded.</Text>}
      {!failed && !users && <Loader />}
      {users && users.length === 0 && <Text color="grey60">This client has no logins.</Text>}
      {users && users.length > 0 && (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Email</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Email verified</TableCell>
              <TableCell>Last login</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.id}>
                <TableCell>
                  <a href={h.recordActionUrl({ resourceId: 'User', recordId: user.id, actionName: 'show' })}>
                    {String(user.params.firstName ?? '')} {String(user.params.lastName ?? '')}
                  </a>
                  {user.params.isOwner === true || user.params.isOwner === 'true' ? (
                    <Badge size="sm" variant="primary" ml="default">
                      Owner
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell>{String(user.params.email ?? '')}</TableCell>
                <TableCell>{String(user.params.status ?? '')}</TableCell>
                <TableCell>{when(user.params.emailVerifiedAt)}</TableCell>
                <TableCell>{when(user.params.lastLoginAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </ValueGroup>
  )
}

export default ClientUsers
