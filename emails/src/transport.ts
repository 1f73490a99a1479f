import nodemailer, { type Transporter } from 'nodemailer'

/** The SMTP side of the Mailer port. With no SMTP_URL there is no transport: mail stays in the log. */
export interface OutgoingEmail {
  from: string
  to: string
  subject: string
  html: string
  text: string
  /** extra headers (Message-ID, In-Reply-To, References for ticket threads) */
  headers?: Record<string, string>
}

export interface MailTransport {
  send(email: OutgoingEmail): Promise<{ messageId: string }>
  close(): void
}

export function createMailTransport(smtpUrl: string | undefined): MailTransport | null {
  if (!smtpUrl) return null
  const transporter: Transporter = nodemailer.createTransport(smtpUrl)
  return {
    async send(email) {
      // Threading headers go through nodemailer's own fields, which it would otherwise generate.
      const { headers = {}, ...rest } = email
      const { 'Message-ID': messageId, 'In-Reply-To': inReplyTo, References: references, ...other } = headers
      const info = await transporter.sendMail({
        ...rest,
        ...(messageId ? { messageId } : {}),
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references ? { references } : {}),
        ...(Object.keys(other).length ? { headers: other } : {}),
      })
      return { messageId: String(info.messageId) }
    },
    close: () => transporter.close(),
  }
}
