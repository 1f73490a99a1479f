import type { Db, DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { systemCtx } from '../shared'
import {
  decryptSecret,
  ENCRYPTED_FIELDS,
  encryptSecret,
  EncryptionError,
  sealedInfo,
  secretBinding,
  type EncryptedColumn,
  type EncryptedField,
  type EncryptionKey,
} from './encryption'

export interface RotateEncryptionKeyOptions {
  /** the keys values may be sealed with now: ENCRYPTION_KEY, and ENCRYPTION_KEY_PREVIOUS when set */
  from: readonly EncryptionKey[]
  /** the key every value is sealed with afterwards: NEW_ENCRYPTION_KEY */
  to: EncryptionKey
  /** one line per field as it is done */
  onProgress?: (line: string) => void
  /** rows read per query (default 500) */
  batchSize?: number
  /** who ran it, for the audit event (default `cli:rotate-key`) */
  actorLabel?: string
}

export interface RotatedField {
  field: EncryptedField
  /** values re-sealed under the new key (older v2 keys and first-format v1 values) */
  reencrypted: number
  /** values already sealed under the new key, checked and left as they are */
  alreadyCurrent: number
}

export interface RotateEncryptionKeyResult {
  fromKeyIds: string[]
  toKeyId: string
  fields: RotatedField[]
  reencrypted: number
}

interface Row {
  id: string
  value: string
}

/** Stop the listing of rows that do not open after this many; the error says how many in all. */
const MAX_LISTED_FAILURES = 20

/**
 * Re-seals every secret kept in the database (ENCRYPTED_FIELDS) under `to`, in one transaction:
 * all or nothing. Each value is opened with its own binding and any of `from` or `to` (a value
 * already under `to` is checked and left alone, so a second run changes nothing), then sealed
 * bound to the same row and field. Rows are locked as they are read, so a running process cannot
 * write in between. A value that does not open (another key, altered, moved to another row)
 * stops the rotation with every such row listed, and nothing is changed. One `security.encryption-key.rotate`
 * audit event records the key ids (never keys) and the counts, when anything was re-sealed.
 */
export async function rotateEncryptionKey(
  db: Db,
  options: RotateEncryptionKeyOptions,
): Promise<RotateEncryptionKeyResult> {
  const keys = [...options.from.filter((k) => k.id !== options.to.id), options.to]
  const batchSize = options.batchSize ?? 500
  return db.$transaction(
    async (tx) => {
      const fields: RotatedField[] = []
      const failures: string[] = []
      let failureCount = 0
      for (const [field, column] of Object.entries(ENCRYPTED_FIELDS) as [EncryptedField, EncryptedColumn][]) {
        const counts: RotatedField = { field, reencrypted: 0, alreadyCurrent: 0 }
        const failedBefore = failureCount
        for await (const row of lockedRows(tx, column, batchSize)) {
          const boundTo = secretBinding(field, row.id)
          try {
            const info = sealedInfo(row.value)
            const plaintext = decryptSecret(row.value, boundTo, { keys })
            if (info.version === 'v2' && info.keyId === options.to.id) {
              counts.alreadyCurrent++
              continue
            }
            await writeValue(tx, column, row.id, encryptSecret(plaintext, boundTo, { key: options.to }))
            counts.reencrypted++
          } catch (error) {
            if (!(error instanceof EncryptionError)) throw error
            failureCount++
            if (failures.length < MAX_LISTED_FAILURES)
              failures.push(error.message.includes(boundTo) ? error.message : `${boundTo}: ${error.message}`)
          }
        }
        fields.push(counts)
        const failed = failureCount - failedBefore
        options.onProgress?.(
          `${field}: ${counts.reencrypted} re-encrypted, ${counts.alreadyCurrent} already under key ${options.to.id}${failed ? `, ${failed} cannot be opened` : ''}`,
        )
      }
      if (failureCount) {
        throw new EncryptionError(
          `${failureCount} value(s) could not be opened with key ${keys.map((k) => k.id).join(', ')}; nothing was changed:\n  ${failures.join('\n  ')}` +
            (failureCount > failures.length ? `\n  ... and ${failureCount - failures.length} more` : ''),
        )
      }
      const reencrypted = fields.reduce((sum, f) => sum + f.reencrypted, 0)
      const result: RotateEncryptionKeyResult = {
        fromKeyIds: options.from.map((k) => k.id),
        toKeyId: options.to.id,
        fields,
        reencrypted,
      }
      if (reencrypted > 0) {
        await recordAuditEvent(systemCtx(tx, options.actorLabel ?? 'cli:rotate-key'), {
          action: 'security.encryption-key.rotate',
          targetType: 'System',
          after: {
            fromKeyIds: result.fromKeyIds,
            toKeyId: result.toKeyId,
            reencrypted,
            fields: Object.fromEntries(
              fields.map((f) => [f.field, { reencrypted: f.reencrypted, alreadyCurrent: f.alreadyCurrent }]),
            ),
          },
        })
      }
      return result
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  )
}

// Identifiers come from ENCRYPTED_FIELDS only, never from input.
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`

function valueSql(column: EncryptedColumn): { value: string; present: string } {
  if (!column.jsonKey) return { value: quote(column.column), present: `${quote(column.column)} IS NOT NULL` }
  const key = column.jsonKey.replace(/'/g, "''")
  return {
    value: `${quote(column.column)}->>'${key}'`,
    present: `jsonb_typeof(${quote(column.column)}->'${key}') = 'string'`,
  }
}

/** Every row holding a sealed value, in id order, a batch at a time, each batch locked FOR UPDATE. */
async function* lockedRows(tx: DbClient, column: EncryptedColumn, batchSize: number): AsyncGenerator<Row> {
  const { value, present } = valueSql(column)
  const id = quote(column.idColumn)
  let after: string | null = null
  for (;;) {
    const sql = [
      `SELECT ${id}::text AS id, ${value} AS value FROM ${quote(column.table)}`,
      `WHERE ${present}${after === null ? '' : ` AND ${id} > $2::${column.idType}`}`,
      `ORDER BY ${id} LIMIT $1::int FOR UPDATE`,
    ].join(' ')
    const rows: Row[] =
      after === null
        ? await tx.$queryRawUnsafe(sql, batchSize)
        : await tx.$queryRawUnsafe(sql, batchSize, after)
    for (const row of rows) yield row
    if (rows.length < batchSize) return
    after = rows[rows.length - 1]!.id
  }
}

async function writeValue(tx: DbClient, column: EncryptedColumn, id: string, sealed: string): Promise<void> {
  const where = `WHERE ${quote(column.idColumn)} = $2::${column.idType}`
  const set = column.jsonKey
    ? `${quote(column.column)} = jsonb_set(${quote(column.column)}, ARRAY['${column.jsonKey.replace(/'/g, "''")}'], to_jsonb($1::text))`
    : `${quote(column.column)} = $1::text`
  const changed = await tx.$executeRawUnsafe(`UPDATE ${quote(column.table)} SET ${set} ${where}`, sealed, id)
  if (changed !== 1) throw new Error(`rotate-key: ${column.table} ${id} was not updated`)
}
