import type { Db } from '@berth/prisma'
import { SUPER_ADMIN_ROLE } from '../access'
import { recordAuditEvent } from '../audit'
import { hashPassword } from '../crypto'
import { systemCtx, DomainError, parseInput } from '../shared'
import { createStaffInput } from '../staff'
import { z } from 'zod'

const input = createStaffInput.omit({ roleId: true })

/** `npm run create-admin`: a Super admin, the way into a production installation. */
export async function createSuperAdmin(db: Db, raw: z.input<typeof input>) {
  const data = parseInput(input, raw)
  const passwordHash = await hashPassword(data.password)
  return db.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { name: SUPER_ADMIN_ROLE }, select: { id: true } })
    if (!role) throw new Error('the built-in roles are missing: run the migrations first')
    if (await tx.staff.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new DomainError('DUPLICATE', 'A staff member with this email already exists.', { field: 'email' })
    }
    const staff = await tx.staff.create({
      data: {
        email: data.email,
        firstName: data.firstName,
        lastName: data.lastName,
        passwordHash,
        roleId: role.id,
      },
      select: { id: true, email: true, firstName: true, lastName: true },
    })
    await recordAuditEvent(systemCtx(tx, 'cli:create-admin'), {
      action: 'staff.create',
      targetType: 'Staff',
      targetId: staff.id,
      after: { ...staff, role: SUPER_ADMIN_ROLE },
    })
    return staff
  })
}
