import type { DbClient } from '@berth/prisma'
import type { Ctx } from '../../../shared'
import { drawPublicNumber } from '../public-number'

/**
 * Demo support data: three departments clients can pick (Technical Support auto-assigns to the
 * demo support staff), one hidden staff-only department, and a short answered ticket for the demo
 * client so the portal and the console show a thread. Runs inside the demo seed's transaction;
 * like the catalog seed it writes no audit events (the seed's audit trail is the logins it made).
 */
export async function seedDemoTickets(
  ctx: Ctx & { db: DbClient },
  demo: { clientId: string; userId: string },
  now = new Date(),
): Promise<void> {
  const db = ctx.db
  const supportStaff = await db.staff.findMany({
    where: { role: { name: { in: ['Support', 'Super admin'] } } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, firstName: true, role: { select: { name: true } } },
  })
  const departments = [
    {
      name: 'Technical Support',
      email: 'support@berth.test',
      sortOrder: 1,
      autoAssign: true,
      isHidden: false,
    },
    { name: 'Billing', email: 'billing@berth.test', sortOrder: 2, autoAssign: false, isHidden: false },
    { name: 'Sales', email: 'sales@berth.test', sortOrder: 3, autoAssign: false, isHidden: false },
    { name: 'Abuse (staff only)', email: null, sortOrder: 9, autoAssign: false, isHidden: true },
  ]
  const ids = new Map<string, string>()
  for (const d of departments) {
    const row = await db.department.create({ data: d, select: { id: true } })
    ids.set(d.name, row.id)
  }
  const technical = ids.get('Technical Support')!
  for (const s of supportStaff) {
    await db.staffDepartment.create({ data: { staffId: s.id, departmentId: technical } })
  }
  const agent = supportStaff.find((s) => s.role.name === 'Support') ?? supportStaff[0]
  const hour = 60 * 60_000
  const opened = new Date(now.getTime() - 26 * hour)
  const answered = new Date(now.getTime() - 25 * hour)
  await db.ticket.create({
    data: {
      publicNumber: drawPublicNumber(),
      clientId: demo.clientId,
      userId: demo.userId,
      departmentId: technical,
      subject: 'How do I point my domain at the new server?',
      status: 'ANSWERED',
      priority: 'MEDIUM',
      assigneeId: agent?.id ?? null,
      createdAt: opened,
      lastReplyAt: answered,
      messages: {
        create: [
          {
            authorType: 'CLIENT',
            userId: demo.userId,
            body: 'Hello, I moved to the **Starter** plan. Which DNS records do I need to change?',
            createdAt: opened,
          },
          ...(agent
            ? [
                {
                  authorType: 'STAFF' as const,
                  staffId: agent.id,
                  body: 'Hi Dana,\n\nSet an `A` record for `@` and `www` to the address on your service page, then allow up to an hour for it to spread.\n\nSee [the DNS guide](https://en.wikipedia.org/wiki/Domain_Name_System) for background.',
                  createdAt: answered,
                },
                {
                  authorType: 'STAFF' as const,
                  staffId: agent.id,
                  body: 'Internal: client is on the new cluster; check again tomorrow.',
                  isInternal: true,
                  createdAt: answered,
                },
              ]
            : []),
        ],
      },
    },
    select: { id: true },
  })
}
