import React, { useEffect } from 'react'
import { BasePropertyComponent, type BasePropertyProps } from 'adminjs'

/**
 * The standard input, pre-filled on a new record with the value core would use anyway
 * (`property.props.defaultValue`), so the form shows what will be saved.
 */
const WithDefault: React.FC<BasePropertyProps> = (props) => {
  const { property, record, onChange } = props
  const defaultValue = (property.props as { defaultValue?: unknown } | undefined)?.defaultValue
  const isNew = !record?.id
  const current = record?.params?.[property.path]
  useEffect(() => {
    if (isNew && (current === undefined || current === '') && defaultValue !== undefined)
      onChange?.(property.path, defaultValue as string)
    // Only once, when the form opens.
  }, [])
  return <BasePropertyComponent {...props} property={{ ...props.property, components: {} }} />
}

export default WithDefault
