import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDownloadHeaders, getClientAttachment, isDomainError } from '@berth/core'
import { requireUser } from '~/auth/principal.server'

/**
 * `GET /tickets/:number/attachments/:attachmentId`: a file from the client's own ticket, always
 * as a download (Content-Disposition: attachment), never sniffed (nosniff), sandboxed by CSP if a
 * browser renders it anyway, never cached by shared caches. Anything not theirs is a plain 404.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  try {
    const file = await getClientAttachment(ctx, {
      number: args.params.number ?? '',
      attachmentId: args.params.attachmentId ?? '',
    })
    return new Response(new Uint8Array(file.bytes), { status: 200, headers: attachmentDownloadHeaders(file) })
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') {
      return new Response('Not found', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
      })
    }
    throw error
  }
}
