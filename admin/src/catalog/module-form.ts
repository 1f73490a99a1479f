import { PROVISIONING_MODULES, type ProvisioningModule } from '@berth/core'

/**
 * What the product form needs to render a provisioning module's settings without knowing the
 * module: each setting's key, label, input kind, limits and help text, read from the module's own
 * zod schema (core). Secret settings are write-only: the form never receives their value, only
 * whether one is stored (masked), and a blank field keeps it.
 */
export interface SettingField {
  key: string
  label: string
  kind: 'text' | 'textarea' | 'url' | 'number' | 'secret'
  required: boolean
  defaultValue?: string
  hint: string
}

export interface ModuleDescriptor {
  name: string
  displayName: string
  description: string
  usesServer: boolean
  fields: SettingField[]
}

interface ZodLike {
  description?: string
  def: {
    type: string
    innerType?: ZodLike
    defaultValue?: unknown
    checks?: Array<{ _zod: { def: Record<string, unknown> } }>
  }
  format?: string | null
}

const WORDS: Record<string, string> = { url: 'URL', ms: '(ms)', ip: 'IP', api: 'API', id: 'ID' }

/** timeoutMs → "Timeout (ms)", apiToken → "API token". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .map((w) => w.toLowerCase())
  return words.map((w, i) => WORDS[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ')
}

function describeField(key: string, schema: ZodLike, secret: boolean): SettingField {
  let inner = schema
  let required = true
  let defaultValue: unknown
  while (inner.def.innerType) {
    if (inner.def.type === 'optional' || inner.def.type === 'nullable') required = false
    if (inner.def.type === 'default') {
      required = false
      defaultValue = inner.def.defaultValue
    }
    inner = inner.def.innerType
  }
  const checks = (inner.def.checks ?? []).map((c) => c._zod.def)
  const limit = (name: string) => checks.find((c) => c.check === name)
  const minLength = limit('min_length')?.minimum as number | undefined
  const maxLength = limit('max_length')?.maximum as number | undefined
  const min = limit('greater_than')?.value as number | undefined
  const max = limit('less_than')?.value as number | undefined
  const isNumber = inner.def.type === 'number'
  const kind: SettingField['kind'] = secret
    ? 'secret'
    : isNumber
      ? 'number'
      : inner.format === 'url' || checks.some((c) => c.format === 'url')
        ? 'url'
        : (maxLength ?? 0) >= 500
          ? 'textarea'
          : 'text'
  const rules = [
    required ? 'Required.' : 'Optional.',
    minLength ? `At least ${minLength} characters.` : '',
    isNumber && min !== undefined && max !== undefined ? `Between ${min} and ${max}.` : '',
    defaultValue !== undefined ? `Default: ${String(defaultValue)}.` : '',
    secret ? 'Stored encrypted and never shown again; leave empty to keep the current one.' : '',
  ].filter(Boolean)
  return {
    key,
    label: humanize(key),
    kind,
    required,
    ...(defaultValue !== undefined ? { defaultValue: String(defaultValue) } : {}),
    hint: [schema.description, ...rules].filter(Boolean).join(' '),
  }
}

export function describeModule(module: ProvisioningModule): ModuleDescriptor {
  const shape = (module.settingsSchema as unknown as { shape?: Record<string, ZodLike> }).shape ?? {}
  return {
    name: module.name,
    displayName: module.displayName,
    description: module.description,
    usesServer: module.usesServer,
    fields: Object.entries(shape).map(([key, schema]) =>
      describeField(key, schema, module.secretSettings.includes(key)),
    ),
  }
}

/** Every registered module, for the product form's module picker (baked into the resource's options). */
export function moduleDescriptors(): ModuleDescriptor[] {
  return Object.values(PROVISIONING_MODULES).map(describeModule)
}

const MASK = '••••'

/**
 * The settings part of a product form → core input: strings as typed (core's schema coerces), secret
 * values that are blank or still the mask dropped so core keeps the stored secret.
 */
export function moduleSettingsFromForm(moduleName: string | null, raw: unknown): Record<string, unknown> {
  if (!moduleName || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const module = Object.hasOwn(PROVISIONING_MODULES, moduleName)
    ? PROVISIONING_MODULES[moduleName]
    : undefined
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const s = value === undefined || value === null ? '' : String(value)
    if (module?.secretSettings.includes(key) && (s.trim() === '' || s.startsWith(MASK))) continue
    out[key] = s
  }
  return out
}
