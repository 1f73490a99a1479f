import { randomBytes } from 'node:crypto'
import { createCannedReply, createDepartment, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeTicket } from '@berth/tests/support/desk-factories'
import type { AdminClient, Answer } from './admin-client'

/**
 * The support desk's part of the role × action table test (access/role-access.test.ts): a record of
 * each support resource, a fresh one for each allowed write, the request each action sends and how
 * to tell whether it took effect.
 */
export const SUPPORT_RESOURCES = ['Ticket', 'Department', 'CannedReply'] as const
export type SupportResource = (typeof SUPPORT_RESOURCES)[number]

export function isSupportResource(resource: string): resource is SupportResource {
  return (SUPPORT_RESOURCES as readonly string[]).includes(resource)
}

const unique = () => randomBytes(4).toString('hex')
const db = getDb()
let world: {
  clientId: string
  userId: string
  departmentId: string
  otherDepartmentId: string
  agentId: string
}

async function ensureWorld(superCtx: Ctx) {
  if (world) return world
  const client = await makeClient()
  const d1 = await createDepartment(superCtx, {
    name: `Desk ${unique()}`,
    email: `desk-${unique()}@example.test`,
  })
  const d2 = await createDepartment(superCtx, { name: `Desk ${unique()}` })
  const agent = await makeStaff('Support')
  world = {
    clientId: client.clientId,
    userId: client.userId,
    departmentId: d1.id,
    otherDepartmentId: d2.id,
    agentId: agent.staffId,
  }
  return world
}

async function newTicket(superCtx: Ctx) {
  const w = await ensureWorld(superCtx)
  return makeTicket({ clientId: w.clientId, userId: w.userId, departmentId: w.departmentId })
}

export async function freshSupportFixture(superCtx: Ctx, resource: SupportResource): Promise<string> {
  switch (resource) {
    case 'Ticket':
      return (await newTicket(superCtx)).id
    case 'Department':
      return (await createDepartment(superCtx, { name: `Desk ${unique()}` })).id
    case 'CannedReply':
      return (await createCannedReply(superCtx, { title: `Reply ${unique()}`, body: 'Hello {client_name}' }))
        .id
  }
}

export async function makeSupportFixtures(superCtx: Ctx): Promise<Record<SupportResource, string>> {
  return {
    Ticket: await freshSupportFixture(superCtx, 'Ticket'),
    Department: await freshSupportFixture(superCtx, 'Department'),
    CannedReply: await freshSupportFixture(superCtx, 'CannedReply'),
  }
}

interface Outcome {
  res: Answer
  tookEffect: () => Promise<boolean>
}

const ticket = (id: string) => db.ticket.findUnique({ where: { id } })

/** Every action of a support resource; null for the reads the shared test already knows. */
export async function supportAttempt(
  browser: AdminClient,
  superCtx: Ctx,
  resource: SupportResource,
  action: string,
  id: string,
): Promise<Outcome | null> {
  if (action === 'list' || action === 'search' || action === 'show') return null
  const w = await ensureWorld(superCtx)
  const mark = `Mark ${unique()}`
  const post = (form: Record<string, string> = {}) => browser.recordAction(resource, id, action, form)
  if (action === 'bulkDelete') {
    const res = await browser.post(
      `/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${encodeURIComponent(id)}`,
    )
    return { res, tookEffect: async () => !(await exists(resource, id)) }
  }
  if (action === 'delete') {
    const res = await post()
    return { res, tookEffect: async () => !(await exists(resource, id)) }
  }
  if (action === 'new') {
    const form =
      resource === 'Ticket'
        ? { subject: mark, department: w.departmentId }
        : resource === 'Department'
          ? { name: mark }
          : { title: mark, body: 'Canned body' }
    const res = await browser.resourceAction(resource, 'new', form)
    return {
      res,
      tookEffect: async () =>
        (await db.department.count({ where: { name: mark } })) +
          (await db.cannedReply.count({ where: { title: mark } })) +
          (await db.ticket.count({ where: { subject: mark } })) >
        0,
    }
  }
  if (action === 'edit') {
    const field = resource === 'Ticket' ? 'subject' : resource === 'Department' ? 'name' : 'title'
    const res = await post({ [field]: mark })
    return {
      res,
      tookEffect: async () =>
        resource === 'Ticket'
          ? (await ticket(id))?.subject === mark
          : resource === 'Department'
            ? (await db.department.findUnique({ where: { id } }))?.name === mark
            : (await db.cannedReply.findUnique({ where: { id } }))?.title === mark,
    }
  }
  // Ticket actions
  switch (action) {
    case 'reply':
    case 'note': {
      const res = await post({ body: mark })
      const isInternal = action === 'note'
      return {
        res,
        tookEffect: async () =>
          (await db.ticketMessage.count({
            where: { ticketId: id, body: mark, isInternal, authorType: 'STAFF' },
          })) === 1,
      }
    }
    case 'assign': {
      const res = await post({ assigneeId: w.agentId })
      return { res, tookEffect: async () => (await ticket(id))?.assigneeId === w.agentId }
    }
    case 'changeDepartment': {
      const res = await post({ departmentId: w.otherDepartmentId })
      return { res, tookEffect: async () => (await ticket(id))?.departmentId === w.otherDepartmentId }
    }
    case 'changePriority': {
      const res = await post({ priority: 'URGENT' })
      return { res, tookEffect: async () => (await ticket(id))?.priority === 'URGENT' }
    }
    case 'changeStatus': {
      const res = await post({ status: 'ON_HOLD' })
      return { res, tookEffect: async () => (await ticket(id))?.status === 'ON_HOLD' }
    }
    case 'merge': {
      const source = await newTicket(superCtx)
      const res = await post({ sourceTicket: source.publicNumber })
      return { res, tookEffect: async () => (await ticket(source.id))?.status === 'CLOSED' }
    }
    case 'close': {
      const res = await post({ confirm: 'yes' })
      return { res, tookEffect: async () => (await ticket(id))?.status === 'CLOSED' }
    }
    default:
      throw new Error(`no attempt for ${resource}.${action}`)
  }
}

async function exists(resource: SupportResource, id: string): Promise<boolean> {
  if (resource === 'Ticket') return (await ticket(id)) !== null
  if (resource === 'Department') return (await db.department.findUnique({ where: { id } })) !== null
  return (await db.cannedReply.findUnique({ where: { id } })) !== null
}
