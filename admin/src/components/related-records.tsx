import React, { useEffect, useState } from 'react'
import { useResource, useTranslation, ViewHelpers, type BasePropertyProps, type RecordJSON } from 'adminjs'
import {
  Loader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  ValueGroup,
} from '@adminjs/design-system'
import { humanStatus, isTrue, when } from './catalog-shared'
import { adminApi } from './use-record-action'

const h = new ViewHelpers()

interface Column {
  path: string
  label: string
  link?: boolean
}

/** On a show page: the records of another resource that point here (a group's products, a server group's servers). */
const RelatedRecords: React.FC<BasePropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation()
  const { resourceId, filter, columns, sortBy, direction, empty } = (property.props ?? {}) as {
    resourceId: string
    filter: string
    columns: Column[]
    sortBy?: string
    direction?: string
    empty?: string
  }
  const [rows, setRows] = useState<RecordJSON[] | null>(null)
  const [failed, setFailed] = useState(false)
  const id = record?.id
  // Staff who may not list that resource do not see the section at all.
  const target = useResource(resourceId)
  const canList = Boolean(target?.resourceActions.some((a) => a.name === 'list'))

  useEffect(() => {
    if (!id || !canList) return
    adminApi
      .resourceAction({
        resourceId,
        actionName: 'list',
        params: {
          [`filters.${filter}`]: id,
          perPage: 100,
          ...(sortBy ? { sortBy, direction: direction ?? 'asc' } : {}),
        },
      })
      .then((response) => setRows((response.data as { records?: RecordJSON[] }).records ?? []))
      .catch(() => setFailed(true))
  }, [id, resourceId, filter, canList])

  const cell = (row: RecordJSON, c: Column) => {
    const v = row.params[c.path]
    const iso = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
    const text = iso
      ? String(v).includes('T00:00:00.000Z')
        ? String(v).slice(0, 10)
        : when(v)
      : typeof v === 'boolean' || v === 'true' || v === 'false'
        ? isTrue(v)
          ? 'Yes'
          : 'No'
        : /^[A-Z_]+$/.test(String(v ?? ''))
          ? humanStatus(String(v))
          : String(v ?? '—')
    return c.link ? (
      <a href={h.recordActionUrl({ resourceId, recordId: row.id, actionName: 'show' })}>
        {row.title || text}
      </a>
    ) : (
      text
    )
  }

  if (!canList) return null
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {failed && <Text color="error">The list could not be loaded.</Text>}
      {!failed && !rows && <Loader />}
      {rows && rows.length === 0 && <Text color="grey60">{empty ?? 'None.'}</Text>}
      {rows && rows.length > 0 && (
        <Table data-testid={`related-${resourceId}`}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c.path}>{c.label}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                {columns.map((c) => (
                  <TableCell key={c.path}>{cell(row, c)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </ValueGroup>
  )
}

export default RelatedRecords
