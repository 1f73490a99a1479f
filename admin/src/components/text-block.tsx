import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/** Long plain text (an email's text body, an error) kept with its line breaks. */
const TextBlock: React.FC<BasePropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation()
  const value = record?.params?.[property.path] as string | null | undefined
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {value ? (
        <pre
          style={{
            background: '#f6f7fb',
            border: '1px solid #e0e3ef',
            borderRadius: 4,
            padding: 12,
            fontSize: 13,
            lineHeight: 1.5,
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

export default TextBlock
