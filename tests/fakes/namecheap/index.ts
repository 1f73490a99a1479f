import { startHttpServer, type FakeResponse } from '../http'
import {
  COMMANDS,
  CONTACT_ROLES,
  type FakeContact,
  type FakeNamecheapAccount,
  type FakeNamecheapDomain,
} from './commands'
import { errorResponse, okResponse } from './xml'

export type { FakeHost, FakeNamecheapDomain, FakeTransfer } from './commands'

/**
 * A fake of Namecheap's XML API (https://www.namecheap.com/support/api/intro/): GET or POST
 * (form-encoded) to `/xml.response` with the global parameters ApiUser, ApiKey, UserName, ClientIp
 * and Command, answered with `<ApiResponse Status="OK|ERROR">` in Namecheap's shapes (each
 * command's documented example response). It keeps one account in memory (`state`): domains,
 * names registered elsewhere, queued transfers, the balance.
 *
 * Authentication as Namecheap does it, with its error numbers: a missing global parameter
 * (1010101 ApiUser, 1010102 ApiKey, 1010103 UserName, 1010104 Command, 1010105 ClientIp), a wrong
 * API user or key (1011102), a ClientIp not on the whitelist (1011150); UserName must be the API
 * user (the fake has no sub-accounts). Parameter names and the
 * command are read case-insensitively, as Namecheap does; `state.requests` keeps them as sent so
 * tests can assert exact parameters.
 *
 * `state.behaviour` makes every answer fail the way a network does: 'server-error' (HTTP 500 with
 * an HTML page), 'slow' (answers after `slowMs`), 'malformed' (200 with cut-off XML).
 */
export type FakeNamecheapBehaviour = 'server-error' | 'slow' | 'malformed'

export interface FakeNamecheapRequest {
  method: string
  command: string
  /** every parameter, query and form body merged, names as sent */
  params: Record<string, string>
}

export interface FakeNamecheapState extends FakeNamecheapAccount {
  requests: FakeNamecheapRequest[]
  behaviour: FakeNamecheapBehaviour | null
  /** client IPs on the API whitelist */
  whitelist: Set<string>
}

export interface FakeNamecheap {
  /** the endpoint, `http://127.0.0.1:<port>/xml.response`: the adapter's `endpoint` setting */
  url: string
  apiUser: string
  apiKey: string
  clientIp: string
  state: FakeNamecheapState
  /** the adapter settings that reach this fake (apiUser, apiKey, userName, clientIp, endpoint) */
  settings(overrides?: Record<string, unknown>): Record<string, unknown>
  /** a domain already in the account (registered at Namecheap before Berth) */
  addDomain(name: string, values?: Partial<Omit<FakeNamecheapDomain, 'name'>>): FakeNamecheapDomain
  /** the requests made with one command (case-insensitive), oldest first */
  requestsFor(command: string): FakeNamecheapRequest[]
  stop(): Promise<void>
}

export interface FakeNamecheapOptions {
  apiUser?: string
  apiKey?: string
  clientIp?: string
  balance?: string
  slowMs?: number
}

/** Namecheap answers HTTP 200 for every API answer, errors included. */
const xml = (body: string): FakeResponse => ({
  status: 200,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body,
})

function sampleContact(): FakeContact {
  return {
    FirstName: 'Grace',
    LastName: 'Hopper',
    Address1: '1 Harbour Road',
    City: 'Arlington',
    StateProvince: 'VA',
    PostalCode: '22201',
    Country: 'US',
    Phone: '+1.5555550100',
    EmailAddress: 'grace@example.test',
  }
}

export async function startFakeNamecheap(options: FakeNamecheapOptions = {}): Promise<FakeNamecheap> {
  const apiUser = options.apiUser ?? 'berthapi'
  const apiKey = options.apiKey ?? 'f4k3n4m3ch34p4p1k3y0000000000001'
  const clientIp = options.clientIp ?? '192.0.2.10'
  const state: FakeNamecheapState = {
    domains: new Map(),
    taken: new Set(),
    transfers: [],
    nonRealTimeTlds: new Set(),
    balance: options.balance ?? '4932.96',
    currency: 'USD',
    requests: [],
    behaviour: null,
    whitelist: new Set([clientIp]),
  }

  const http = await startHttpServer(
    async (request) => {
      if (request.path !== '/xml.response') return { status: 404, body: 'Not Found' }
      const sent = new URLSearchParams(request.query)
      if (request.method === 'POST') for (const [k, v] of new URLSearchParams(request.rawBody)) sent.set(k, v)
      const params = Object.fromEntries(sent)
      const byLowerName = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]))
      const p = (name: string) => byLowerName.get(name.toLowerCase())
      const command = p('Command') ?? ''
      state.requests.push({ method: request.method, command, params })

      switch (state.behaviour) {
        case 'server-error':
          return {
            status: 500,
            headers: { 'content-type': 'text/html' },
            body: '<html><body>Internal Server Error</body></html>',
          }
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 5000))
          break
        case 'malformed':
          return xml('<?xml version="1.0" encoding="utf-8"?>\n<ApiResponse Status="OK"><Errors /><Comm')
      }

      const missing = (
        [
          ['ApiUser', '1010101', 'Parameter APIUser is missing'],
          ['ApiKey', '1010102', 'Parameter APIKey is missing'],
          ['UserName', '1010103', 'Parameter UserName is missing'],
          ['Command', '1010104', 'Parameter Command is missing'],
          ['ClientIp', '1010105', 'Parameter ClientIP is missing'],
        ] as const
      ).find(([name]) => !p(name))
      if (missing) return xml(errorResponse(command, missing[1], missing[2]))
      if (p('ApiUser') !== apiUser || p('ApiKey') !== apiKey)
        return xml(errorResponse(command, '1011102', 'API Key is invalid or API access has not been enabled'))
      if (!state.whitelist.has(p('ClientIp')!))
        return xml(errorResponse(command, '1011150', `Invalid request IP: ${p('ClientIp')}`))
      if (p('UserName') !== apiUser)
        return xml(errorResponse(command, '1011102', 'API Key is invalid or API access has not been enabled'))

      const handler = COMMANDS[command.toLowerCase()]
      if (!handler) return xml(errorResponse(command, '1010104', `Parameter Command is invalid: ${command}`))
      const answer = handler(state, p)
      return xml(
        'error' in answer
          ? errorResponse(command, answer.error.number, answer.error.message)
          : okResponse(command, answer.result),
      )
    },
    (error) => xml(errorResponse('', '5050900', `Unhandled exception: ${String(error)}`)),
  )

  const url = `${http.url}/xml.response`
  return {
    url,
    apiUser,
    apiKey,
    clientIp,
    state,
    settings: (overrides = {}) => ({
      apiUser,
      apiKey,
      userName: apiUser,
      clientIp,
      endpoint: url,
      isTestMode: true,
      ...overrides,
    }),
    addDomain(name, values = {}) {
      const contact = sampleContact()
      const now = new Date()
      const domain: FakeNamecheapDomain = {
        id: 900_000 + state.domains.size,
        name: name.toLowerCase(),
        createdAt: now,
        expiresAt: new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate())),
        isLocked: true,
        nameservers: [],
        hosts: [],
        childHosts: new Map(),
        emailType: 'NONE',
        contacts: Object.fromEntries(
          CONTACT_ROLES.map((r) => [r, { ...contact }]),
        ) as FakeNamecheapDomain['contacts'],
        whoisguard: {
          id: 700_000 + state.domains.size,
          isEnabled: false,
          forwardedTo: contact.EmailAddress!,
        },
        ...values,
      }
      state.domains.set(domain.name, domain)
      return domain
    },
    requestsFor: (command) => state.requests.filter((r) => r.command.toLowerCase() === command.toLowerCase()),
    stop: () => http.stop(),
  }
}
