import { decryptSecret, hashToken, secretBinding } from '@berth/core'
import { getDb } from '@berth/prisma'
import type { Visitor } from './visitor'

/** Logs a visitor in through the real login form and checks that it worked. */
export async function logIn(visitor: Visitor, email: string, password: string): Promise<void> {
  const page = await visitor.submit('/login', { email, password })
  if (page.status !== 302 || page.location !== '/')
    throw new Error(`login failed: ${page.status} ${page.html.slice(0, 300)}`)
}

/** The session token the visitor's cookie holds (the cookie is signed: value.signature, quoted JSON). */
export function sessionToken(visitor: Visitor): string | null {
  const raw = visitor.cookies.get('berth_portal')
  if (!raw) return null
  const value = decodeURIComponent(raw)
  const unsigned = value.slice(0, value.lastIndexOf('.'))
  return JSON.parse(Buffer.from(unsigned, 'base64').toString('utf8')) as string
}

export async function sessionRowExists(token: string | null): Promise<boolean> {
  if (!token) return false
  return (await getDb().session.count({ where: { id: hashToken(token) } })) === 1
}

/** The token in the newest live link of this kind emailed to the user (from the encrypted payload). */
export async function liveLinkToken(
  userId: string,
  template: 'verify-email' | 'password-reset',
): Promise<string> {
  const db = getDb()
  const logs = await db.emailLog.findMany({
    where: { userId, template },
    orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
  })
  for (const log of logs) {
    const props = JSON.parse(
      decryptSecret(log.payloadEnc!, secretBinding('EmailLog.payloadEnc', log.id)),
    ) as Record<string, string>
    const token = new URL(props.verifyUrl ?? props.resetUrl!).searchParams.get('token')!
    const row = await db.authToken.findUnique({ where: { tokenHash: hashToken(token) } })
    if (row && !row.usedAt) return token
  }
  throw new Error(`no live ${template} link for ${userId}`)
}
