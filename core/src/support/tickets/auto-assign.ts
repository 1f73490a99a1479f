import type { DbClient } from '@berth/prisma'

/**
 * The staff member a new ticket in `departmentId` goes to, or null (decision 0028): when the
 * department has auto-assign on, the active member of the department with the fewest tickets
 * that are not closed; ties go to the one assigned a ticket longest ago, then by id. No stored
 * round-robin pointer: the choice follows the actual load, and staff leaving or joining the
 * department needs no bookkeeping.
 */
export async function pickAutoAssignee(db: DbClient, departmentId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT s."id"
    FROM "StaffDepartment" sd
    JOIN "Department" d ON d."id" = sd."departmentId" AND d."autoAssign"
    JOIN "Staff" s ON s."id" = sd."staffId" AND s."status" = 'ACTIVE'
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE t."status" <> 'CLOSED') AS "open", max(t."createdAt") AS "lastAt"
      FROM "Ticket" t WHERE t."assigneeId" = s."id"
    ) load ON true
    WHERE sd."departmentId" = ${departmentId}::uuid
    ORDER BY load."open" ASC, load."lastAt" ASC NULLS FIRST, s."id" ASC
    LIMIT 1`
  return rows[0]?.id ?? null
}
