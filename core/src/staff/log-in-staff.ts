import { recordAuditEvent } from '../audit'
import { claimAttempt, markAttemptSucceeded } from '../accounts'
import { verifyAgainstDummy, verifyPassword } from '../crypto'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { loadStaffPrincipal, type StaffPrincipal } from './principal'
import { staffLoginInput } from './schemas'

/**
 * Checks a staff member's credentials at the admin door (never a client's). Same answer for every failure.
 * The attempt is claimed (counted and recorded as a failure) before the password check; a success marks it.
 */
export async function logInStaff(
  ctx: Ctx,
  raw: { email: string; password: string },
): Promise<StaffPrincipal> {
  const input = parseInput(staffLoginInput, raw)
  const attempt = await claimAttempt(ctx, 'ADMIN', 'LOGIN', input.email)
  const staff = await ctx.db.staff.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, status: true, email: true },
  })
  const ok = staff
    ? await verifyPassword(staff.passwordHash, input.password)
    : await verifyAgainstDummy(input.password)
  const principal =
    ok && staff && staff.status === 'ACTIVE' ? await loadStaffPrincipal(ctx.db, staff.id) : null
  if (principal) {
    await inTransaction(ctx, async (tx) => {
      await markAttemptSucceeded(tx, attempt)
      await tx.db.staff.update({
        where: { id: principal.id },
        data: { lastLoginAt: new Date(), lastLoginIp: ctx.request.ip },
      })
      await recordAuditEvent(
        {
          ...tx,
          actor: {
            type: 'staff',
            staffId: principal.id,
            permissions: principal.permissions,
            label: principal.email,
          },
        },
        {
          action: 'staff.login',
          targetType: 'Staff',
          targetId: principal.id,
        },
      )
    })
  }
  if (!principal) throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.')
  return principal
}
