import { recordAuditEvent } from '../audit'
import { hashPassword } from '../crypto'
import { getSettings } from '../settings'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { registerInput, type RegisterInput } from './schemas'
import { sendVerificationEmail } from './send-verification-email'
import { claimAttempt, markAttemptSucceeded, type ClaimedAttempt } from './throttle'

export interface Registered {
  clientId: string
  userId: string
}

/**
 * A visitor creates a client account and its owner login. The email verification link is queued
 * in the same transaction. An address already in use is refused on the email field.
 * Registrations are throttled per IP (every attempt counts, so the email-in-use answer cannot be
 * used to list accounts); a visitor's checkout, which registers the buyer inside its own
 * transaction, is throttled by the checkout instead (`throttledByCaller`).
 */
export async function registerClient(
  ctx: Ctx,
  raw: RegisterInput,
  options: { throttledByCaller?: boolean } = {},
): Promise<Registered> {
  const input = parseInput(registerInput, raw)
  const settings = await getSettings(ctx.db)
  if (!settings['portal.allowRegistration'])
    throw new DomainError('FORBIDDEN', 'Registration is closed. Please contact us.')
  const attempt: ClaimedAttempt | null = options.throttledByCaller
    ? null
    : await claimAttempt(ctx, 'PORTAL', 'REGISTRATION', '')
  const passwordHash = await hashPassword(input.password)
  try {
    return await inTransaction(ctx, async (tx) => {
      if (attempt) await markAttemptSucceeded(tx, attempt)
      const taken = await tx.db.user.findUnique({ where: { email: input.email }, select: { id: true } })
      if (taken) throw emailTaken()
      const currency = await tx.db.currency.findFirst({ where: { isDefault: true }, select: { code: true } })
      if (!currency) throw new Error('no default currency: reference data is missing')
      const client = await tx.db.client.create({
        data: {
          companyName: input.companyName,
          address1: input.address1,
          address2: input.address2,
          city: input.city,
          state: input.state,
          postcode: input.postcode,
          country: input.country,
          phone: input.phone,
          currencyCode: currency.code,
        },
      })
      const user = await tx.db.user.create({
        data: {
          clientId: client.id,
          email: input.email,
          passwordHash,
          firstName: input.firstName,
          lastName: input.lastName,
          isOwner: true,
        },
      })
      await sendVerificationEmail(tx.db, user)
      const { password: _password, ...shown } = input
      await recordAuditEvent(tx, {
        action: 'client.register',
        targetType: 'Client',
        targetId: client.id,
        clientId: client.id,
        after: { ...shown, userId: user.id },
      })
      return { clientId: client.id, userId: user.id }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

function emailTaken(): DomainError {
  return new DomainError(
    'EMAIL_TAKEN',
    'An account with this email already exists. Log in or reset your password.',
    { field: 'email' },
  )
}
