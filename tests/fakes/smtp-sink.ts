import { createServer, type Server } from 'node:http'
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'

/**
 * A real SMTP peer for tests (the `smtp-server` package) that keeps every message, plus a small
 * HTTP API so browser tests in other processes can read the mailbox:
 *   GET /messages?to=<address>  → [{ to, subject, text, html, receivedAt }] newest last
 */
export interface ReceivedMail {
  to: string[]
  from: string
  subject: string
  text: string
  html: string
  receivedAt: string
}

export interface SmtpSink {
  smtpPort: number
  httpPort: number
  smtpUrl: string
  messages: ReceivedMail[]
  stop(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
            a.value.map((v) => (v.address ?? '').toLowerCase()),
          )
          messages.push({
            to,
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            receivedAt: new Date().toISOString(),
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  const smtpPort = await listen(
    (port, cb) => smtp.listen(port, '127.0.0.1', cb),
    () => (smtp.server.address() as { port: number }).port,
  )
  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/messages') {
      const to = url.searchParams.get('to')?.toLowerCase()
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages))
      return
    }
    res.statusCode = 404
    res.end()
  })
  const httpPort = await listen(
    (port, cb) => http.listen(port, '127.0.0.1', cb),
    () => (http.address() as { port: number }).port,
  )
  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages,
    async stop() {
      await new Promise<void>((r) => smtp.close(() => r()))
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
}

function listen(start: (port: number, cb: () => void) => void, port: () => number): Promise<number> {
  return new Promise((resolve) => start(0, () => resolve(port())))
}
