import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from '@remix-run/node'
import {
  ATTACHMENTS_FIELD,
  DomainError,
  formatBytes,
  getAttachmentRules,
  type UploadedFile,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import type { RouteArgs } from '~/auth/principal.server'

/** Text fields of the ticket forms are small; the message is the largest (20,000 characters). */
const TEXT_PART_LIMIT = 128 * 1024

export interface TicketForm {
  form: FormData
  files: UploadedFile[]
}

/**
 * Reads a ticket form (multipart, or urlencoded when it has no file input): files through Remix's
 * memory upload handler capped at the attachment size limit, text fields capped too. The body was
 * already limited as a whole by the server (server/body-limit.ts). A file over the limit becomes
 * a field error on Attachments. Empty file inputs (no file chosen) are left out.
 */
export async function readTicketForm(args: RouteArgs): Promise<TicketForm> {
  const type = args.request.headers.get('Content-Type') ?? ''
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    return { form: await args.request.formData(), files: [] }
  }
  const rules = await getAttachmentRules(getDb())
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(
      args.request,
      unstable_composeUploadHandlers(
        unstable_createMemoryUploadHandler({
          maxPartSize: rules.maxBytes,
          filter: ({ name, filename }) => name === ATTACHMENTS_FIELD && typeof filename === 'string',
        }),
        unstable_createMemoryUploadHandler({
          maxPartSize: TEXT_PART_LIMIT,
          filter: ({ filename }) => filename === undefined,
        }),
      ),
    )
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new DomainError('VALIDATION_FAILED', `A file is larger than ${formatBytes(rules.maxBytes)}.`, {
        field: ATTACHMENTS_FIELD,
      })
    }
    throw error
  }
  const files: UploadedFile[] = []
  for (const value of form.getAll(ATTACHMENTS_FIELD)) {
    if (typeof value === 'string') continue
    if (value.name === '' && value.size === 0) continue // the input was left empty
    files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) })
  }
  return { form, files }
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

/** "4 Dec 2026, 15:02 UTC" */
export function ticketDate(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`
}

/** The badge colour of a ticket status (the label always says it in words too). */
export function statusTone(status: string): 'ok' | 'info' | 'warn' | 'muted' {
  switch (status) {
    case 'ANSWERED':
      return 'ok'
    case 'OPEN':
    case 'CUSTOMER_REPLY':
      return 'info'
    case 'ON_HOLD':
    case 'IN_PROGRESS':
      return 'warn'
    default:
      return 'muted'
  }
}
