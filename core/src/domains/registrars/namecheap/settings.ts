import { z } from 'zod'
import { RegistrarError, type RegistrarSettingField } from '../registrar'

/** Namecheap's two hosts (https://www.namecheap.com/support/api/intro/): live and sandbox. */
export const NAMECHEAP_LIVE_URL = 'https://api.namecheap.com/xml.response'
export const NAMECHEAP_SANDBOX_URL = 'https://api.sandbox.namecheap.com/xml.response'
const DEFAULT_TIMEOUT_MS = 20_000

export const NAMECHEAP_SETTING_FIELDS: readonly RegistrarSettingField[] = [
  {
    key: 'apiUser',
    label: 'API user',
    help: 'The Namecheap account with API access (Profile → Tools → API Access).',
    isRequired: true,
    isSecret: false,
  },
  { key: 'apiKey', label: 'API key', isRequired: true, isSecret: true },
  {
    key: 'userName',
    label: 'User name',
    help: 'The account the domains belong to; usually the API user.',
    isRequired: true,
    isSecret: false,
  },
  {
    key: 'clientIp',
    label: 'Client IP',
    help: "This server's public IPv4 address, as whitelisted in Namecheap's API settings.",
    isRequired: true,
    isSecret: false,
  },
  {
    key: 'endpoint',
    label: 'Endpoint (optional)',
    help: 'Leave empty: test mode uses the Namecheap sandbox, live mode api.namecheap.com.',
    isRequired: false,
    isSecret: false,
  },
  {
    key: 'timeoutMs',
    label: 'Timeout in milliseconds (optional)',
    help: 'How long one API call may take; default 20000. A renewal or transfer without an answer is not retried blindly.',
    isRequired: false,
    isSecret: false,
  },
]

const settingsSchema = z.object({
  apiUser: z.string().trim().min(1),
  apiKey: z.string().trim().min(1),
  userName: z.string().trim().min(1).optional(),
  clientIp: z.string().trim().min(1),
  endpoint: z.union([z.literal(''), z.url()]).optional(),
  isTestMode: z.boolean().optional(),
  timeoutMs: z.coerce.number().int().positive().optional(),
})

export interface NamecheapSettings {
  apiUser: string
  apiKey: string
  userName: string
  clientIp: string
  url: string
  isTestMode: boolean
  timeoutMs: number
}

/** The adapter's settings from RegistrarRequest.settings, or a refusal naming what is missing. */
export function readNamecheapSettings(raw: Record<string, unknown>): NamecheapSettings {
  const parsed = settingsSchema.safeParse(raw)
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].join(', ')
    throw new RegistrarError(`Namecheap is not configured: check ${fields} under Domains → Registrars.`, {
      code: 'NOT_CONFIGURED',
    })
  }
  const s = parsed.data
  const isTestMode = s.isTestMode ?? true
  return {
    apiUser: s.apiUser,
    apiKey: s.apiKey,
    userName: s.userName ?? s.apiUser,
    clientIp: s.clientIp,
    url: s.endpoint || (isTestMode ? NAMECHEAP_SANDBOX_URL : NAMECHEAP_LIVE_URL),
    isTestMode,
    timeoutMs: s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  }
}
