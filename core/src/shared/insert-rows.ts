import type { DbClient } from '@berth/prisma'
import { toJsonSafe } from './json'

/**
 * Inserts many rows with one statement and one parameter: the rows go as a JSON array and
 * PostgreSQL spreads them with `jsonb_to_recordset`, each column cast to its declared type (uuid,
 * bigint, date, enum, jsonb...). Far cheaper per row than an ORM createMany for the daily run's
 * batches (docs/decisions/0037-renewal-batches-and-fan-out.md). Columns are written as given: the
 * caller supplies ids, timestamps and every NOT NULL column without a database default.
 */
export async function insertRows(
  db: DbClient,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  if (!rows.length) return 0
  const names = Object.keys(columns)
  for (const n of [table, ...names])
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`bad identifier ${n}`)
  const quoted = names.map((n) => `"${n}"`).join(', ')
  const record = names.map((n) => `"${n}" ${columns[n]}`).join(', ')
  const json = JSON.stringify(
    rows.map((r) => {
      const out: Record<string, unknown> = {}
      for (const n of names) {
        const v = r[n]
        out[n] = v instanceof Date ? v.toISOString() : v === undefined ? null : toJsonSafe(v)
      }
      return out
    }),
  )
  return db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${quoted}) SELECT ${quoted} FROM jsonb_to_recordset($1::jsonb) AS x(${record})`,
    json,
  )
}
