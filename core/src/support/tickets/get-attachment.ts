import { requireClient } from '../../access'
import { getFileStore, type FileStore } from '../../platform'
import { DomainError, type Ctx } from '../../shared'
import { ticketNotFoundForClient } from './client-ticket'
import { normalizePublicNumber } from './public-number'

export interface AttachmentDownload {
  fileName: string
  contentType: string
  size: number
  sha256: string
  bytes: Uint8Array
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * An attachment for the client, only when it is on a message of their own ticket (named by its
 * public number) that is not an internal note. Anything else is NOT_FOUND, the same refusal
 * whether the attachment exists or not.
 */
export async function getClientAttachment(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  input: { number: string; attachmentId: string },
  store: FileStore = getFileStore(),
): Promise<AttachmentDownload> {
  const actor = requireClient(ctx.actor)
  const publicNumber = normalizePublicNumber(input.number)
  if (!publicNumber || !UUID.test(input.attachmentId)) throw ticketNotFoundForClient()
  const a = await ctx.db.attachment.findFirst({
    where: {
      id: input.attachmentId,
      message: { isInternal: false, ticket: { publicNumber, clientId: actor.clientId } },
    },
    select: { fileName: true, contentType: true, size: true, sha256: true, storageKey: true },
  })
  if (!a) throw ticketNotFoundForClient()
  return read(store, a)
}

async function read(
  store: FileStore,
  a: { fileName: string; contentType: string; size: number; sha256: string; storageKey: string },
): Promise<AttachmentDownload> {
  const bytes = await store.get(a.storageKey)
  if (!bytes) throw new DomainError('NOT_FOUND', 'This attachment is no longer available.')
  return { fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256, bytes }
}

/**
 * The headers every attachment download carries: always a download, never rendered by the
 * browser, sandboxed if it is, never cached by shared caches.
 */
export function attachmentDownloadHeaders(a: {
  fileName: string
  contentType: string
  size: number
}): Record<string, string> {
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return {
    'Content-Type': a.contentType,
    'Content-Length': String(a.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}

/** The stored bytes of an attachment whose access was checked elsewhere (the staff console). */
export async function readAttachmentBytes(
  a: { fileName: string; contentType: string; size: number; sha256?: string; storageKey: string },
  store: FileStore = getFileStore(),
): Promise<AttachmentDownload> {
  return read(store, { sha256: '', ...a })
}
