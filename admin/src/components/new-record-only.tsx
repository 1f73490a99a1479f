import React from 'react'
import { BasePropertyComponent, type BasePropertyProps } from 'adminjs'

/**
 * For form fields that only make sense when creating (a new client's owner login): the standard
 * input on the "new" form, nothing on "edit". AdminJS has one form layout for both.
 */
const NewRecordOnly: React.FC<BasePropertyProps> = (props) => {
  if (props.record?.id) return null
  return <BasePropertyComponent {...props} property={{ ...props.property, components: {} }} />
}

export default NewRecordOnly
