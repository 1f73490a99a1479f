/**
 * Decimal text ↔ minor units in the browser, with BigInt (never floats), for previews only: the
 * server parses every amount again with core's parseAmount.
 */
export function parseDecimal(text: string, exponent: number): bigint | null {
  const t = text.trim().replace(/,/g, '')
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return null
  const fraction = m[3] ?? ''
  if (fraction.length > exponent) return null
  const minor = BigInt((m[2] ?? '0') + fraction.padEnd(exponent, '0'))
  return m[1] ? -minor : minor
}

export function toDecimal(minor: bigint, exponent: number): string {
  const negative = minor < 0n
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0')
  if (exponent === 0) return `${negative ? '-' : ''}${digits}`
  return `${negative ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/** "$1,234.56": Intl formats the exact decimal string. */
export function formatMinor(minor: bigint, code: string, exponent: number): string {
  try {
    const f = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    })
    return f.format(toDecimal(minor, exponent) as unknown as number)
  } catch {
    return `${toDecimal(minor, exponent)} ${code}`
  }
}
