import { randomBytes } from 'node:crypto'

/** A reference nobody else generates: PREFIX-YYYYMMDD- and 12 random hex characters (48 bits). */
export function generateReference(prefix: string, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '')
  return `${prefix}-${day}-${randomBytes(6).toString('hex').toUpperCase()}`
}
