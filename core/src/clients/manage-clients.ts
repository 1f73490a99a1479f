import { requirePermission } from '../access'
import { sendVerificationEmail, issueUserToken, portalLink, RESET_TTL_MINUTES } from '../accounts'
import { diffFields, recordAuditEvent } from '../audit'
import { hashPassword, generateToken } from '../crypto'
import { queueEmail } from '../notifications'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import type { DbClient } from '@berth/prisma'
import { clientStatusSchema, createClientInput, updateClientInput, updateClientUserInput } from './schemas'

const clientFields = {
  id: true,
  status: true,
  companyName: true,
  address1: true,
  address2: true,
  city: true,
  state: true,
  postcode: true,
  country: true,
  phone: true,
  taxId: true,
  isTaxExempt: true,
  currencyCode: true,
  notes: true,
} as const

function emailTaken() {
  return new DomainError('EMAIL_TAKEN', 'Another login already uses this email address.', { field: 'email' })
}

async function assertCurrency(db: DbClient, code: string | undefined) {
  if (!code) return
  const c = await db.currency.findUnique({ where: { code }, select: { isActive: true } })
  if (!c?.isActive)
    throw new DomainError('VALIDATION_FAILED', 'Choose an active currency.', { field: 'currencyCode' })
}

/**
 * Staff create a client with its owner login. Without a password, the owner gets a link to choose
 * one (a password-reset token).
 */
export async function createClientByStaff(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'clients.create')
  const input = parseInput(createClientInput, raw)
  const passwordHash = await hashPassword(input.password ?? generateToken())
  try {
    return await inTransaction(ctx, async (tx) => {
      if (await tx.db.user.findUnique({ where: { email: input.email }, select: { id: true } }))
        throw emailTaken()
      await assertCurrency(tx.db, input.currencyCode)
      const currencyCode =
        input.currencyCode ??
        (await tx.db.currency.findFirstOrThrow({ where: { isDefault: true }, select: { code: true } })).code
      const { firstName, lastName, email, password, ...clientData } = input
      const client = await tx.db.client.create({
        data: { ...clientData, isTaxExempt: clientData.isTaxExempt ?? false, currencyCode },
        select: clientFields,
      })
      const user = await tx.db.user.create({
        data: { clientId: client.id, email, firstName, lastName, passwordHash, isOwner: true },
      })
      if (password) {
        await sendVerificationEmail(tx.db, user)
      } else {
        const token = await issueUserToken(tx.db, {
          userId: user.id,
          purpose: 'PASSWORD_RESET',
          email,
          ttlMs: 7 * 24 * 3600_000,
        })
        await queueEmail(tx.db, {
          template: 'password-reset',
          to: email,
          clientId: client.id,
          userId: user.id,
          props: {
            firstName,
            resetUrl: portalLink('reset-password', { token }),
            expiresInMinutes: 7 * 24 * 60,
          },
        })
      }
      await recordAuditEvent(tx, {
        action: 'client.create',
        targetType: 'Client',
        targetId: client.id,
        clientId: client.id,
        after: { ...client, ownerEmail: email, ownerName: `${firstName} ${lastName}` },
      })
      return { ...client, ownerUserId: user.id }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

export async function updateClient(ctx: Ctx, clientId: string, raw: unknown) {
  requirePermission(ctx.actor, 'clients.edit')
  const input = parseInput(updateClientInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.client.findUnique({ where: { id: clientId }, select: clientFields })
    if (!before) throw new DomainError('NOT_FOUND', 'This client does not exist.')
    if (input.currencyCode && input.currencyCode !== before.currencyCode) {
      await assertCurrency(tx.db, input.currencyCode)
      const billed = await tx.db.invoice.count({ where: { clientId } })
      if (billed > 0)
        throw new DomainError(
          'VALIDATION_FAILED',
          'The currency cannot change once the client has invoices.',
          { field: 'currencyCode' },
        )
    }
    const after = await tx.db.client.update({ where: { id: clientId }, data: input, select: clientFields })
    const diff = diffFields(before as Record<string, unknown>, input)
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, {
        action: 'client.update',
        targetType: 'Client',
        targetId: clientId,
        clientId,
        ...diff,
      })
    return after
  })
}

/** Disables (or re-enables) a client account. Disabling ends every portal session of its users. */
export async function setClientStatus(ctx: Ctx, clientId: string, rawStatus: unknown) {
  requirePermission(ctx.actor, 'clients.disable')
  const status = parseInput(clientStatusSchema, rawStatus)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.client.findUnique({ where: { id: clientId }, select: { status: true } })
    if (!before) throw new DomainError('NOT_FOUND', 'This client does not exist.')
    if (before.status === status) return { id: clientId, status }
    await tx.db.client.update({ where: { id: clientId }, data: { status } })
    let sessionsEnded = 0
    if (status !== 'ACTIVE') {
      const ended = await tx.db.session.deleteMany({ where: { user: { clientId } } })
      sessionsEnded = ended.count
    }
    await recordAuditEvent(tx, {
      action: 'client.status.change',
      targetType: 'Client',
      targetId: clientId,
      clientId,
      before: { status: before.status },
      after: { status, sessionsEnded },
    })
    return { id: clientId, status }
  })
}

/** Staff correct a client login's name or email (a new email must be verified again). */
export async function updateClientUser(ctx: Ctx, userId: string, raw: unknown) {
  requirePermission(ctx.actor, 'clients.edit')
  const input = parseInput(updateClientUserInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.user.findUnique({
        where: { id: userId },
        select: {
          id: true,
          clientId: true,
          email: true,
          firstName: true,
          lastName: true,
          emailVerifiedAt: true,
        },
      })
      if (!before) throw new DomainError('NOT_FOUND', 'This login does not exist.')
      const emailChanges = input.email !== undefined && input.email !== before.email
      if (
        emailChanges &&
        (await tx.db.user.findUnique({ where: { email: input.email! }, select: { id: true } }))
      )
        throw emailTaken()
      const after = await tx.db.user.update({
        where: { id: userId },
        data: { ...input, ...(emailChanges ? { emailVerifiedAt: null } : {}) },
        select: { id: true, clientId: true, email: true, firstName: true, lastName: true },
      })
      if (emailChanges) await sendVerificationEmail(tx.db, after)
      const diff = diffFields(before as Record<string, unknown>, {
        ...input,
        ...(emailChanges ? { emailVerifiedAt: null } : {}),
      })
      await recordAuditEvent(tx, {
        action: 'client.user.update',
        targetType: 'User',
        targetId: userId,
        clientId: before.clientId,
        ...diff,
      })
      return after
    })
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken()
    throw error
  }
}

export { RESET_TTL_MINUTES }
