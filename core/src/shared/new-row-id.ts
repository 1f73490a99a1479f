import { randomBytes } from 'node:crypto'

/**
 * A UUID v7 (RFC 9562: 48-bit milliseconds, then random bits), the same kind Prisma makes for
 * `@default(uuid(7))`, for a row whose id is needed before it is written (a secret bound to its
 * row is sealed before the insert).
 */
export function newRowId(): string {
  const bytes = randomBytes(16)
  bytes.writeUIntBE(Date.now(), 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
