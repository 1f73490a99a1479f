import { randomInt } from 'node:crypto'

/**
 * The ticket number clients see: three letters, a dash, six digits ("KQZ-482913"), drawn at random
 * so it reveals nothing about how many tickets exist (1.76e10 possible numbers). The same format as
 * the SQL default ticket_public_number() (migration 20261204150406_ticket_public_number).
 */
export const PUBLIC_NUMBER_PATTERN = /^[A-Z]{3}-\d{6}$/

export function drawPublicNumber(random: (max: number) => number = randomInt): string {
  const letter = () => String.fromCharCode(65 + random(26))
  return `${letter()}${letter()}${letter()}-${String(random(1_000_000)).padStart(6, '0')}`
}

/** A ticket number as typed in a URL (any case), or null when it cannot be one. */
export function normalizePublicNumber(raw: string): string | null {
  const upper = raw.trim().toUpperCase()
  return PUBLIC_NUMBER_PATTERN.test(upper) ? upper : null
}
