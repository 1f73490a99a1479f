import type { CreditKind, DbClient } from '@berth/prisma'
import { DomainError } from '../../shared'

/**
 * The credit ledger, owned by this module: `CreditEntry` rows are append-only (a trigger refuses
 * UPDATE and DELETE) and `CreditBalance` caches their sum per (client, currency), changed only
 * here, in the same transaction as the entry:
 * - credit: an upsert that adds to the balance (row lock taken by the UPDATE);
 * - debit: `UPDATE ... SET balance = balance - x WHERE balance >= x`, so two concurrent spends
 *   queue on the row lock and the second sees the first's result; no row updated means not enough
 *   credit. `CHECK (balance >= 0)` is the backstop.
 * Lock order: callers that also lock an invoice lock it first.
 */
export interface LedgerEntryInput {
  clientId: string
  currency: string
  /** positive: how much to add or take */
  amount: bigint
  kind: CreditKind
  reason?: string | null
  invoiceId?: string | null
  transactionId?: string | null
  staffId?: string | null
  idempotencyKey?: string | null
}

export interface LedgerEntryResult {
  entryId: string
  balanceAfter: bigint
}

function assertPositive(amount: bigint) {
  if (amount <= 0n) throw new RangeError('ledger amounts are positive; the function says which way they go')
}

async function append(
  db: DbClient,
  input: LedgerEntryInput,
  signed: bigint,
  balanceAfter: bigint,
): Promise<LedgerEntryResult> {
  const entry = await db.creditEntry.create({
    data: {
      clientId: input.clientId,
      currencyCode: input.currency,
      kind: input.kind,
      amount: signed,
      balanceAfter,
      invoiceId: input.invoiceId ?? null,
      transactionId: input.transactionId ?? null,
      reason: input.reason ?? null,
      staffId: input.staffId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    select: { id: true },
  })
  return { entryId: entry.id, balanceAfter }
}

export async function creditClient(db: DbClient, input: LedgerEntryInput): Promise<LedgerEntryResult> {
  assertPositive(input.amount)
  const rows = await db.$queryRaw<{ balance: bigint }[]>`
    INSERT INTO "CreditBalance" ("clientId", "currencyCode", "balance", "updatedAt")
    VALUES (${input.clientId}::uuid, ${input.currency}, ${input.amount}, now())
    ON CONFLICT ("clientId", "currencyCode")
    DO UPDATE SET "balance" = "CreditBalance"."balance" + EXCLUDED."balance", "updatedAt" = now()
    RETURNING "balance"`
  return append(db, input, input.amount, BigInt(rows[0]!.balance))
}

/** Takes credit, or throws INSUFFICIENT_CREDIT (nothing written by this call). */
export async function debitClient(db: DbClient, input: LedgerEntryInput): Promise<LedgerEntryResult> {
  assertPositive(input.amount)
  const rows = await db.$queryRaw<{ balance: bigint }[]>`
    UPDATE "CreditBalance" SET "balance" = "balance" - ${input.amount}, "updatedAt" = now()
    WHERE "clientId" = ${input.clientId}::uuid AND "currencyCode" = ${input.currency} AND "balance" >= ${input.amount}
    RETURNING "balance"`
  if (rows.length === 0) {
    throw new DomainError('INSUFFICIENT_CREDIT', 'There is not enough account credit for this.', {
      field: 'amount',
    })
  }
  return append(db, input, -input.amount, BigInt(rows[0]!.balance))
}

/** The cached balance (0 when the client never had credit in this currency). */
export async function readCreditBalance(db: DbClient, clientId: string, currency: string): Promise<bigint> {
  const row = await db.creditBalance.findUnique({
    where: { clientId_currencyCode: { clientId, currencyCode: currency } },
    select: { balance: true },
  })
  return row?.balance ?? 0n
}
