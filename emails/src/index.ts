export {
  TEMPLATES,
  TEMPLATE_NAMES,
  REDACTED,
  isTemplateName,
  redactProps,
  type TemplateName,
  type TemplateProps,
} from './registry'
export { render, EmailRenderError, type Brand, type RenderedEmail } from './render'
export { createMailTransport, type MailTransport, type OutgoingEmail } from './transport'
