import React, { useEffect, useState } from 'react'
import { useTranslation, ViewHelpers, type BasePropertyProps, type RecordJSON } from 'adminjs'
import {
  Box,
  CheckBox,
  FormGroup,
  FormMessage,
  Input,
  Label,
  Loader,
  Text,
  ValueGroup,
} from '@adminjs/design-system'
import { errorsUnder, paramValue } from './catalog-shared'
import { adminApi } from './use-record-action'

const h = new ViewHelpers()

/**
 * A many-to-many link (a product's option groups, an addon's or promotion's products) as a
 * checklist of the other resource's records, read through its list action (same permissions).
 * The value is an array of ids; show lists the linked records' titles as links.
 */
const ReferenceChecklist: React.FC<BasePropertyProps> = ({ property, record, resource, onChange, where }) => {
  const { translateProperty } = useTranslation()
  const { resourceId, empty } = (property.props ?? {}) as { resourceId: string; empty?: string }
  const selected = (paramValue<string[]>(record, property.path) ?? []).filter(Boolean)
  const [options, setOptions] = useState<RecordJSON[] | null>(null)
  const [failed, setFailed] = useState(false)
  const [query, setQuery] = useState('')

  useEffect(() => {
    adminApi
      .resourceAction({ resourceId, actionName: 'list', params: { perPage: 500 } })
      .then((response) =>
        setOptions(
          ((response.data as { records?: RecordJSON[] }).records ?? []).sort((a, b) =>
            a.title.localeCompare(b.title),
          ),
        ),
      )
      .catch(() => setFailed(true))
  }, [resourceId])

  const label = translateProperty(property.label, resource.id)
  const titleOf = (id: string) => options?.find((o) => o.id === id)?.title ?? id.slice(0, 8)
  if (where === 'list') return <Text>{selected.length || '—'}</Text>
  if (where === 'show') {
    return (
      <ValueGroup label={label}>
        {!options && !failed ? <Loader /> : null}
        {options && selected.length === 0 && <Text color="grey60">None</Text>}
        {options && selected.length > 0 && (
          <Box data-testid={`links-${property.path}`}>
            {selected.map((id) => (
              <Box key={id} mb="sm">
                <a href={h.recordActionUrl({ resourceId, recordId: id, actionName: 'show' })}>
                  {titleOf(id)}
                </a>
              </Box>
            ))}
          </Box>
        )}
      </ValueGroup>
    )
  }
  const errors = Object.values(errorsUnder(record?.errors, property.path))
  const toggle = (id: string) => {
    const next = selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]
    onChange?.(property.path, next)
  }
  const shown = (options ?? []).filter(
    (o) => !query || o.title.toLowerCase().includes(query.toLowerCase()) || selected.includes(o.id),
  )
  return (
    <FormGroup error={errors.length > 0}>
      <Label>{label}</Label>
      {failed && <Text color="error">The list could not be loaded.</Text>}
      {!options && !failed && <Loader />}
      {options && options.length === 0 && (
        <Text color="grey60">{empty ?? 'Nothing to choose from yet.'}</Text>
      )}
      {options && options.length > 12 && (
        <Input
          mb="default"
          width={1}
          placeholder="Filter…"
          value={query}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQuery(e.target.value)}
        />
      )}
      {options && options.length > 0 && (
        <Box
          flex
          flexDirection="row"
          flexWrap="wrap"
          data-testid={`checklist-${property.path}`}
          style={{ maxHeight: 260, overflowY: 'auto' }}
        >
          {shown.map((o) => {
            const id = `${property.path}-${o.id}`
            return (
              <Box
                key={o.id}
                width={['100%', '50%', '33%']}
                flex
                flexDirection="row"
                alignItems="center"
                mb="default"
                pr="lg"
              >
                <CheckBox id={id} checked={selected.includes(o.id)} onChange={() => toggle(o.id)} />
                <Label inline htmlFor={id} ml="default" style={{ cursor: 'pointer' }}>
                  {o.title}
                </Label>
              </Box>
            )
          })}
        </Box>
      )}
      <FormMessage>{errors[0] ?? property.description}</FormMessage>
    </FormGroup>
  )
}

export default ReferenceChecklist
