import { domainToUnicode } from 'node:url'
import { json, startHttpServer, type FakeResponse } from '../http'

/**
 * A fake RDAP server (RFC 9082 queries, RFC 9083 answers) for domain availability tests: answers
 * GET /domain/<name> like a registry's RDAP service does. Registered names get 200 and a domain
 * object (shaped like Verisign's answers), unknown names 404 with an RDAP error object. A name can
 * be given a behaviour: 'rate-limited' (429 + Retry-After), 'slow' (answers after `slowMs`),
 * 'malformed' (200 with a body that is not a domain object), 'html' (200 with an HTML page),
 * 'server-error' (503).
 *
 * One server can stand in for many registries: point every TLD of a bootstrap file at its `url`.
 */
export type RdapBehaviour = 'rate-limited' | 'slow' | 'malformed' | 'html' | 'server-error'

export interface FakeRdap {
  url: string
  /** names (lower-case ASCII) queried, in order */
  queries: string[]
  register(...names: string[]): void
  behave(name: string, behaviour: RdapBehaviour): void
  stop(): Promise<void>
}

const RDAP_JSON = { 'content-type': 'application/rdap+json' }

function domainObject(name: string) {
  return {
    objectClassName: 'domain',
    handle: `${name.replace(/\W/g, '').toUpperCase()}_DOMAIN_FAKE-VRSN`,
    ldhName: name.toUpperCase(),
    ...(name.includes('xn--') ? { unicodeName: domainToUnicode(name) } : {}),
    links: [
      {
        value: `https://rdap.fake.test/domain/${name}`,
        rel: 'self',
        href: `https://rdap.fake.test/domain/${name}`,
        type: 'application/rdap+json',
      },
    ],
    status: ['client delete prohibited', 'client transfer prohibited', 'client update prohibited'],
    entities: [
      {
        objectClassName: 'entity',
        handle: '292',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', 'Fake Registrar, LLC'],
          ],
        ],
      },
    ],
    events: [
      { eventAction: 'registration', eventDate: '1997-09-15T04:00:00Z' },
      { eventAction: 'expiration', eventDate: '2028-09-14T04:00:00Z' },
      { eventAction: 'last update of RDAP database', eventDate: new Date().toISOString() },
    ],
    secureDNS: { delegationSigned: false },
    nameservers: [
      { objectClassName: 'nameserver', ldhName: 'NS1.FAKE-DNS.TEST' },
      { objectClassName: 'nameserver', ldhName: 'NS2.FAKE-DNS.TEST' },
    ],
    rdapConformance: [
      'rdap_level_0',
      'icann_rdap_technical_implementation_guide_0',
      'icann_rdap_response_profile_0',
    ],
    notices: [{ title: 'Terms of Use', description: ['Service subject to Terms of Use.'] }],
  }
}

const notFound = (): FakeResponse => ({
  ...json(404, { errorCode: 404, title: 'Not Found', description: ['The requested object was not found.'] }),
  headers: RDAP_JSON,
})

export async function startFakeRdap(
  options: { slowMs?: number; latencyMs?: () => number } = {},
): Promise<FakeRdap> {
  const registered = new Set<string>()
  const behaviours = new Map<string, RdapBehaviour>()
  const queries: string[] = []
  const http = await startHttpServer(
    async (request) => {
      const match = /^(?:\/[^/]+)*\/domain\/([^/]+)$/.exec(request.path)
      if (request.method !== 'GET' || !match)
        return { ...json(400, { errorCode: 400, title: 'Bad Request' }), headers: RDAP_JSON }
      const name = decodeURIComponent(match[1]!).toLowerCase()
      queries.push(name)
      const latency = options.latencyMs?.() ?? 0
      if (latency > 0) await new Promise((r) => setTimeout(r, latency))
      switch (behaviours.get(name)) {
        case 'rate-limited':
          return {
            ...json(429, {
              errorCode: 429,
              title: 'Too Many Requests',
              description: ['Query rate limit exceeded.'],
            }),
            headers: { ...RDAP_JSON, 'retry-after': '30' },
          }
        case 'slow':
          await new Promise((r) => setTimeout(r, options.slowMs ?? 5000))
          break
        case 'malformed':
          return { status: 200, headers: RDAP_JSON, body: '{"objectClassName":"domain","ldhName":' }
        case 'html':
          return {
            status: 200,
            headers: { 'content-type': 'text/html' },
            body: '<html><body>Maintenance</body></html>',
          }
        case 'server-error':
          return { ...json(503, { errorCode: 503, title: 'Service Unavailable' }), headers: RDAP_JSON }
      }
      return registered.has(name) ? { ...json(200, domainObject(name)), headers: RDAP_JSON } : notFound()
    },
    () => json(500, { errorCode: 500, title: 'Internal Server Error' }),
  )
  return {
    url: `${http.url}/rdap/`,
    queries,
    register: (...names) => names.forEach((n) => registered.add(n.toLowerCase())),
    behave: (name, behaviour) => behaviours.set(name.toLowerCase(), behaviour),
    stop: () => http.stop(),
  }
}
