import nodemailer, { type Transporter } from 'nodemailer'

/** The SMTP side of the Mailer port. With no SMTP_URL there is no transport: mail stays in the log. */
export interface OutgoingEmail {
  from: string
  to: string
  subject: string
  html: string
  text: string
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
      const info = await transporter.sendMail(email)
      return { messageId: String(info.messageId) }
    },
    close: () => transporter.close(),
  }
}
