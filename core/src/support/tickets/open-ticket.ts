import type { DbClient } from '@berth/prisma'
import { requireClient } from '../../access'
import { recordAuditEvent } from '../../audit'
import { getFileStore, type FileStore } from '../../platform'
import {
  DomainError,
  isUniqueViolation,
  inTransaction,
  parseInput,
  type Ctx,
  type FieldIssue,
} from '../../shared'
import {
  checkAttachments,
  deleteStoredAttachments,
  getAttachmentRules,
  storeAttachments,
  type StoredAttachment,
  type UploadedFile,
} from './attachments'
import { pickAutoAssignee } from './auto-assign'
import { drawPublicNumber } from './public-number'
import { claimTicketAttempt } from './rate-limit'
import { openTicketInput, type OpenTicketInput } from './schemas'
import { queueTicketOpenedEmails } from './ticket-emails'

export interface AttachmentOptions {
  files?: readonly UploadedFile[]
  /** where attachments go; the process's store (FILE_STORE_URL / FILE_STORE_DIR) by default */
  store?: FileStore
}

/** Throws VALIDATION_FAILED with every issue of the form and of the attachments at once. */
export function parseWithAttachments<T>(parse: () => T, attachmentIssues: FieldIssue[]): T {
  let parsed: T | undefined
  let issues: FieldIssue[] = []
  try {
    parsed = parse()
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error
    issues = error.issues
  }
  issues = [...issues, ...attachmentIssues]
  if (issues.length) {
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { field: issues[0]!.field, issues })
  }
  return parsed as T
}

const PUBLIC_NUMBER_TRIES = 5

/**
 * A client opens a ticket: in a department clients can see, optionally about one of their own
 * services, with attachments. The files are written to the store first and the rows in one
 * transaction after; if anything fails the files are deleted again, so a refused ticket leaves
 * nothing behind. New tickets are OPEN, may be auto-assigned (decision 0028), are rate-limited
 * per client and per IP, and email the client and the department.
 */
export async function openTicket(
  ctx: Ctx,
  raw: OpenTicketInput,
  options: AttachmentOptions = {},
): Promise<{ id: string; publicNumber: string }> {
  const actor = requireClient(ctx.actor)
  const rules = await getAttachmentRules(ctx.db)
  const checked = checkAttachments(options.files ?? [], rules)
  const input = parseWithAttachments(() => parseInput(openTicketInput, raw), checked.issues)

  const department = await ctx.db.department.findUnique({
    where: { id: input.departmentId },
    select: { id: true, isHidden: true },
  })
  if (!department || department.isHidden) {
    throw new DomainError('VALIDATION_FAILED', 'Choose a department.', { field: 'departmentId' })
  }
  if (input.serviceId) {
    const service = await ctx.db.service.findFirst({
      where: { id: input.serviceId, clientId: actor.clientId },
      select: { id: true },
    })
    if (!service) {
      throw new DomainError('VALIDATION_FAILED', 'Choose a service from the list.', { field: 'serviceId' })
    }
  }

  await claimTicketAttempt(ctx, 'TICKET_OPEN', actor.clientId)

  const store = options.store ?? getFileStore()
  const stored = await storeAttachments(store, checked.files)
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await createTicket(ctx, actor, input, stored)
      } catch (error) {
        // A drawn number already in use: draw again (a new transaction, the failed one is gone).
        if (attempt < PUBLIC_NUMBER_TRIES && isUniqueViolation(error, 'publicNumber')) continue
        throw error
      }
    }
  } catch (error) {
    await deleteStoredAttachments(store, stored)
    throw error
  }
}

async function createTicket(
  ctx: Ctx,
  actor: { userId: string; clientId: string },
  input: ReturnType<typeof openTicketInput.parse>,
  stored: StoredAttachment[],
): Promise<{ id: string; publicNumber: string }> {
  return inTransaction(ctx, async (tx) => {
    const db: DbClient = tx.db
    const assigneeId = await pickAutoAssignee(db, input.departmentId)
    const ticket = await db.ticket.create({
      data: {
        publicNumber: drawPublicNumber(),
        clientId: actor.clientId,
        userId: actor.userId,
        departmentId: input.departmentId,
        serviceId: input.serviceId ?? null,
        subject: input.subject,
        priority: input.priority,
        status: 'OPEN',
        assigneeId,
        lastReplyAt: new Date(),
      },
      select: {
        id: true,
        publicNumber: true,
        subject: true,
        department: { select: { name: true, email: true } },
        user: { select: { id: true, firstName: true, lastName: true, email: true } },
        assignee: { select: { id: true, firstName: true, email: true } },
      },
    })
    const message = await db.ticketMessage.create({
      data: {
        ticketId: ticket.id,
        authorType: 'CLIENT',
        userId: actor.userId,
        body: input.message,
        attachments: { create: stored },
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'ticket.open',
      targetType: 'Ticket',
      targetId: ticket.id,
      clientId: actor.clientId,
      after: {
        publicNumber: ticket.publicNumber,
        subject: input.subject,
        departmentId: input.departmentId,
        priority: input.priority,
        serviceId: input.serviceId ?? null,
        assigneeId,
        attachments: stored.map((a) => ({ fileName: a.fileName, size: a.size, sha256: a.sha256 })),
      },
    })
    await queueTicketOpenedEmails(
      db,
      {
        id: ticket.id,
        publicNumber: ticket.publicNumber,
        subject: ticket.subject,
        clientId: actor.clientId,
        firstMessageId: message.id,
        department: ticket.department,
        user: ticket.user!,
        assignee: ticket.assignee,
      },
      input.message,
    )
    return { id: ticket.id, publicNumber: ticket.publicNumber }
  })
}
