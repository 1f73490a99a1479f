import { createServer, type Socket } from 'node:net'

/**
 * A fake WHOIS server (RFC 3912: the client sends a name and CRLF on TCP, the server answers in
 * text and closes) on 127.0.0.1 and a random port, for the TLDs without RDAP. Answers are worded
 * like real registries': `style: 'verisign'` ("No match for ...") or `'denic'` ("Status: free").
 * A name can be given a behaviour: 'rate-limited' (a quota message), 'slow' (never answers),
 * 'garbage' (a banner and nothing else), 'reset' (closes without a word).
 */
export type WhoisBehaviour = 'rate-limited' | 'slow' | 'garbage' | 'reset'

export interface FakeWhois {
  host: string
  port: number
  queries: string[]
  register(...names: string[]): void
  behave(name: string, behaviour: WhoisBehaviour): void
  stop(): Promise<void>
}

function registeredAnswer(name: string, style: 'verisign' | 'denic'): string {
  if (style === 'denic')
    return [
      `Domain: ${name}`,
      'Nserver: ns1.fake-dns.test',
      'Nserver: ns2.fake-dns.test',
      'Status: connect',
      'Changed: 2024-03-01T10:00:00+01:00',
      '',
    ].join('\n')
  return [
    `   Domain Name: ${name.toUpperCase()}`,
    '   Registry Domain ID: 2336799_DOMAIN_COM-VRSN',
    '   Registrar WHOIS Server: whois.fake-registrar.test',
    '   Creation Date: 1997-09-15T04:00:00Z',
    '   Registry Expiry Date: 2028-09-14T04:00:00Z',
    '   Registrar: Fake Registrar, LLC',
    '   Name Server: NS1.FAKE-DNS.TEST',
    '>>> Last update of whois database: 2026-12-04T12:00:00Z <<<',
    '',
  ].join('\r\n')
}

function freeAnswer(name: string, style: 'verisign' | 'denic'): string {
  if (style === 'denic') return `Domain: ${name}\nStatus: free\n`
  return `No match for "${name.toUpperCase()}".\r\n>>> Last update of whois database: 2026-12-04T12:00:00Z <<<\r\n`
}

export async function startFakeWhois(options: { style?: 'verisign' | 'denic' } = {}): Promise<FakeWhois> {
  const style = options.style ?? 'verisign'
  const registered = new Set<string>()
  const behaviours = new Map<string, WhoisBehaviour>()
  const queries: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffer = ''
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8')
      const end = buffer.indexOf('\r\n')
      if (end === -1) return
      const name = buffer.slice(0, end).trim().toLowerCase()
      queries.push(name)
      switch (behaviours.get(name)) {
        case 'slow':
          return // keeps the connection open, answers nothing
        case 'reset':
          return socket.destroy()
        case 'rate-limited':
          return socket.end('WHOIS LIMIT EXCEEDED - SEE WWW.FAKE-REGISTRY.TEST/WHOIS FOR DETAILS\r\n')
        case 'garbage':
          return socket.end('% Fake registry WHOIS service\r\n% Terms of use apply.\r\n')
      }
      socket.end(registered.has(name) ? registeredAnswer(name, style) : freeAnswer(name, style))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    host: '127.0.0.1',
    port,
    queries,
    register: (...names) => names.forEach((n) => registered.add(n.toLowerCase())),
    behave: (name, behaviour) => behaviours.set(name.toLowerCase(), behaviour),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
