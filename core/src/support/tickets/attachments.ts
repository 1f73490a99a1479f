import { createHash, randomUUID } from 'node:crypto'
import type { Db, DbClient } from '@berth/prisma'
import type { FileStore } from '../../platform'
import { DomainError, type FieldIssue } from '../../shared'
import { getSettings } from '../../settings'

/**
 * Ticket attachments: what may be uploaded and how it is stored (decision 0028).
 *
 * A file is accepted only when every check passes: an allowed extension (setting), no dangerous
 * inner extension (x.php.jpg), content whose magic bytes match that extension, images without
 * markup anywhere in them (JPEG+HTML polyglots), text that is UTF-8 without NUL and does not start
 * with markup, a size above zero and within the limit, and at most the allowed count per message.
 * The stored content type comes from the extension, never from the browser. Files are stored under
 * a generated key (never the name) and the display name is cleaned of paths and odd characters.
 */
export interface UploadedFile {
  name: string
  bytes: Uint8Array
}

export interface AttachmentRules {
  extensions: readonly string[]
  maxBytes: number
  maxCount: number
}

export interface ValidatedAttachment {
  fileName: string
  extension: string
  contentType: string
  bytes: Uint8Array
  size: number
  sha256: string
}

export interface StoredAttachment {
  fileName: string
  contentType: string
  size: number
  sha256: string
  storageKey: string
}

/** The form field attachment errors belong to. */
export const ATTACHMENTS_FIELD = 'attachments'

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  zip: 'application/zip',
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0))

/** Magic bytes per extension: the file must start with one of them. */
const SIGNATURES: Record<string, number[][]> = {
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  gif: [ascii('GIF87a'), ascii('GIF89a')],
  pdf: [ascii('%PDF-')],
  zip: [
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06], // an empty archive
  ],
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif'])
const TEXT_EXTENSIONS = new Set(['txt', 'log'])

/** Extensions that must not appear anywhere in a name, even inside (x.php.jpg, x.html.png). */
const DANGEROUS_EXTENSIONS = new Set([
  'php', 'php3', 'php4', 'php5', 'php7', 'php8', 'phtml', 'phar', 'pht', 'phps', 'inc',
  'html', 'htm', 'xhtml', 'shtml', 'xht', 'svg', 'svgz', 'xml', 'xsl', 'js', 'mjs', 'cjs', 'jsp',
  'asp', 'aspx', 'cer', 'asa', 'exe', 'dll', 'com', 'bat', 'cmd', 'sh', 'bash', 'pl', 'py', 'rb',
  'cgi', 'jar', 'war', 'msi', 'ps1', 'vbs', 'vbe', 'wsf', 'scr', 'hta', 'swf', 'htaccess',
]) // prettier-ignore

/**
 * Markup that makes an image an HTML/PHP polyglot, searched in the whole file: tags of five or more
 * bytes, which occur by chance in compressed image data about once in 2,000 five-megabyte files.
 */
const MARKUP_IN_IMAGES = /<(html|script|body|iframe|object|embed|\?php|!doctype|meta|head|form|style)/i
/** `<svg` is only four bytes (by chance in ~1.5% of 5 MB files): searched where sniffers look. */
const MARKUP_AT_IMAGE_START = /<svg/i
const SNIFFED_BYTES = 4096

export async function getAttachmentRules(db: Db | DbClient): Promise<AttachmentRules> {
  const s = await getSettings(db)
  return {
    extensions: s['support.attachmentExtensions'].split(',').filter(Boolean),
    maxBytes: s['support.attachmentMaxBytes'],
    maxCount: s['support.attachmentMaxCount'],
  }
}

/** A display name without paths, control characters or odd symbols, at most 120 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? ''
  let name = base
    .normalize('NFKC')
    .replace(/[\p{C}]/gu, '') // control, format (RTL override), unassigned
    .replace(/[^\p{L}\p{N} ._()+-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  if (name.length > 120) {
    const dot = name.lastIndexOf('.')
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : ''
    name = name.slice(0, 120 - ext.length) + ext
  }
  return name || 'file'
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)
}

function isCleanText(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  if (text.includes('\u0000')) return false
  return !text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<')
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/** Why one file is refused, or null when it is acceptable. */
function refusal(file: UploadedFile, rules: AttachmentRules): string | null {
  const raw = file.name ?? ''
  if (/[\u0000-\u001f]/.test(raw)) return 'the file name contains control characters.'
  const base = (raw.split(/[/\\]/).pop() ?? '').toLowerCase()
  const parts = base.split('.')
  const extension = parts.length > 1 ? parts[parts.length - 1]! : ''
  if (!extension || !rules.extensions.includes(extension)) {
    return `only ${rules.extensions.join(', ')} files can be attached.`
  }
  for (const inner of parts.slice(1, -1)) {
    const word = inner.replace(/[^a-z0-9]/g, '')
    if (DANGEROUS_EXTENSIONS.has(word) || word.startsWith('php')) {
      return `file names with a .${word} part are not allowed.`
    }
  }
  if (file.bytes.byteLength === 0) return 'the file is empty.'
  if (file.bytes.byteLength > rules.maxBytes) {
    return `the file is larger than ${formatBytes(rules.maxBytes)}.`
  }
  if (TEXT_EXTENSIONS.has(extension)) {
    if (!isCleanText(file.bytes)) return 'a text file must be plain UTF-8 text (not HTML, not binary).'
    return null
  }
  const signatures = SIGNATURES[extension]
  if (!signatures || !signatures.some((sig) => startsWith(file.bytes, sig))) {
    return `the content is not a real .${extension} file.`
  }
  if (IMAGE_EXTENSIONS.has(extension)) {
    const text = latin1(file.bytes)
    if (MARKUP_IN_IMAGES.test(text) || MARKUP_AT_IMAGE_START.test(text.slice(0, SNIFFED_BYTES))) {
      return 'the image contains HTML or script markup.'
    }
  }
  return null
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} bytes`
}

/**
 * Checks every file; returns them validated, or the field issues (all of them, one per refused
 * file) for the caller to merge with its other form errors.
 */
export function checkAttachments(
  files: readonly UploadedFile[],
  rules: AttachmentRules,
): { files: ValidatedAttachment[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = []
  if (files.length > rules.maxCount) {
    issues.push({
      field: ATTACHMENTS_FIELD,
      message:
        rules.maxCount === 0
          ? 'Attachments are not accepted.'
          : `Attach at most ${rules.maxCount} file${rules.maxCount === 1 ? '' : 's'}.`,
    })
    return { files: [], issues }
  }
  const out: ValidatedAttachment[] = []
  for (const file of files) {
    const why = refusal(file, rules)
    const fileName = cleanFileName(file.name ?? '')
    if (why) {
      issues.push({ field: ATTACHMENTS_FIELD, message: `${fileName}: ${why}` })
      continue
    }
    const extension = extensionOf(fileName) || extensionOf(file.name)
    out.push({
      fileName,
      extension,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      bytes: file.bytes,
      size: file.bytes.byteLength,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    })
  }
  return { files: out, issues }
}

/** Validates the files or throws VALIDATION_FAILED on the attachments field. */
export function validateAttachments(
  files: readonly UploadedFile[],
  rules: AttachmentRules,
): ValidatedAttachment[] {
  const { files: ok, issues } = checkAttachments(files, rules)
  if (issues.length) {
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { field: ATTACHMENTS_FIELD, issues })
  }
  return ok
}

/** One file, for callers that check as files arrive (the portal's upload handler). */
export function validateAttachment(file: UploadedFile, rules: AttachmentRules): ValidatedAttachment {
  return validateAttachments([file], { ...rules, maxCount: Math.max(1, rules.maxCount) })[0]!
}

/**
 * Writes the files to the store under generated keys. If one write fails, the ones already
 * written are deleted and the error is rethrown: nothing is left behind.
 */
export async function storeAttachments(
  store: FileStore,
  files: readonly ValidatedAttachment[],
  now: Date = new Date(),
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = []
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`
  try {
    for (const file of files) {
      const storageKey = `tickets/${month}/${randomUUID()}`
      await store.put(storageKey, file.bytes, file.contentType)
      stored.push({
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        storageKey,
      })
    }
  } catch (error) {
    await deleteStoredAttachments(store, stored)
    throw error
  }
  return stored
}

/** Best-effort removal of stored blobs (after a refused or failed write). */
export async function deleteStoredAttachments(
  store: FileStore,
  stored: readonly { storageKey: string }[],
): Promise<void> {
  await Promise.allSettled(stored.map((s) => store.delete(s.storageKey)))
}
