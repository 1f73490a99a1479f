import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/** A JSON column, already pretty-printed by the server, shown as a block of text (never as HTML). */
const JsonBlock: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation()
  const value = record?.params?.[property.path] as string | null | undefined
  if (where === 'list') return <Text>{value ? `${value.replace(/\s+/g, ' ').slice(0, 60)}…` : '—'}</Text>
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {value ? (
        <pre
          data-testid={`json-${property.path}`}
          style={{
            background: '#f6f7fb',
            border: '1px solid #e0e3ef',
            borderRadius: 4,
            padding: 12,
            fontSize: 12,
            lineHeight: 1.5,
            overflowX: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
          }}
        >
          {value}
        </pre>
      ) : (
        <Text color="grey60">—</Text>
      )}
    </ValueGroup>
  )
}

export default JsonBlock
