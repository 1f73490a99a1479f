import React from 'react'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import { Text, ValueGroup } from '@adminjs/design-system'

/**
 * The (redacted) HTML of an email, rendered in a sandboxed frame: `sandbox=""` gives it an opaque
 * origin with no scripts, forms, popups or access to the console, so a message's markup can never
 * act as the staff member.
 */
const EmailPreview: React.FC<BasePropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation()
  const html = record?.params?.[property.path] as string | null | undefined
  return (
    <ValueGroup label={translateProperty(property.label, resource.id)}>
      {html ? (
        <iframe
          title="Email preview"
          data-testid="email-preview"
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={html}
          style={{
            width: '100%',
            height: 560,
            border: '1px solid #e0e3ef',
            borderRadius: 4,
            background: '#fff',
          }}
        />
      ) : (
        <Text color="grey60">No HTML body was rendered for this email.</Text>
      )}
    </ValueGroup>
  )
}

export default EmailPreview
