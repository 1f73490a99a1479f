import type { DbClient } from '@berth/prisma'

/**
 * Invoice numbers: `{YYYY}`, `{YY}`, `{MM}`, `{DD}` (of the issue date, UTC) and `{SEQ}` or
 * `{SEQ:n}` (zero-padded to n digits). The sequence is one counter for every invoice, never reset,
 * so a number can never repeat even when the format changes.
 */
export function formatInvoiceNumber(format: string, seq: bigint, date: Date): string {
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0')
  const pad2 = (n: number) => String(n).padStart(2, '0')
  return format
    .replaceAll('{YYYY}', yyyy)
    .replaceAll('{YY}', yyyy.slice(-2))
    .replaceAll('{MM}', pad2(date.getUTCMonth() + 1))
    .replaceAll('{DD}', pad2(date.getUTCDate()))
    .replace(/\{SEQ(?::(\d{1,2}))?\}/g, (_m, width: string | undefined) =>
      seq.toString().padStart(width ? Number(width) : 1, '0'),
    )
}

/**
 * Takes the next value of a NumberSequence row with `UPDATE ... RETURNING`: the row stays locked
 * until the caller's transaction ends, so publishes queue one after the other, and a transaction
 * that rolls back gives its number back (no gaps, no reuse).
 */
export async function takeSequenceValue(db: DbClient, name: string): Promise<bigint> {
  const rows = await db.$queryRaw<{ value: bigint }[]>`
    UPDATE "NumberSequence" SET "nextValue" = "nextValue" + 1, "updatedAt" = now()
    WHERE "name" = ${name} RETURNING "nextValue" - 1 AS "value"`
  if (!rows[0]) throw new Error(`number sequence "${name}" is missing: reference data not applied`)
  return BigInt(rows[0].value)
}
