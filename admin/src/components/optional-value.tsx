import React from 'react'
import { BasePropertyComponent, type BasePropertyProps } from 'adminjs'

/** On a show page: the standard value, or nothing at all when it is empty (no bare label). */
const OptionalValue: React.FC<BasePropertyProps> = (props) => {
  const value = props.record?.params?.[props.property.path]
  if (value === undefined || value === null || value === '') return null
  return <BasePropertyComponent {...props} property={{ ...props.property, components: {} }} />
}

export default OptionalValue
