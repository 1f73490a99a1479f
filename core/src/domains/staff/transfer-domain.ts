import { z } from 'zod'
import { toDateOnly } from '../../catalog'
import { decryptSecret, secretBinding } from '../../crypto'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { callRegistrar } from '../registrars'
import type { StaffRegistrarOutcome } from './register-domain'
import { registrantContact } from './registrant-contact'
import { clearedError, registrarDataOf, runStaffDomainAction } from './staff-domain'

export const transferDomainInput = z.object({
  domainId: z.uuid('Choose a domain.'),
  /** empty: the code the client gave at checkout */
  eppCode: z.string().trim().max(255, 'At most 255 characters.').optional(),
})

/**
 * Staff start (or restart) the transfer-in of a PENDING_TRANSFER domain (`domains.manage`), with
 * the EPP code the client gave at checkout or a corrected one typed by staff (never stored in the
 * audit trail or the module log). Done: ACTIVE with the registry's expiry; waiting: stays pending.
 */
export async function transferDomain(ctx: Ctx, raw: unknown): Promise<StaffRegistrarOutcome> {
  const input = parseInput(transferDomainInput, raw)
  return runStaffDomainAction<StaffRegistrarOutcome>(ctx, 'transfer', input.domainId, async (tx, domain) => {
    const eppCode =
      input.eppCode ||
      (domain.eppCodeEnc
        ? decryptSecret(domain.eppCodeEnc, secretBinding('Domain.eppCodeEnc', domain.id))
        : '')
    if (!eppCode)
      throw new DomainError(
        'VALIDATION_FAILED',
        'Enter the EPP (transfer) code from the current registrar.',
        {
          field: 'eppCode',
        },
      )
    const contact = await registrantContact(tx.db, domain.clientId, registrarDataOf(domain.registrarData))
    const answer = await callRegistrar(ctx, {
      registrar: domain.registrar,
      action: 'transfer',
      name: domain.name,
      domainId: domain.id,
      idempotencyKey: `domain:${domain.id}:transfer`,
      params: { eppCode, years: domain.years, contact },
    })
    const note = { eppCodeFrom: input.eppCode ? 'staff' : 'checkout' }
    if (answer.status === 'waiting')
      return { audit: 'domains.domain.transfer.requested', note, result: { state: 'waiting' as const } }
    const expiryDate = toDateOnly(answer.value.expiresAt)
    return {
      update: {
        status: 'ACTIVE',
        registrationDate: toDateOnly(new Date()),
        expiryDate,
        nextDueDate: expiryDate,
        nameservers: answer.value.nameservers,
        isLocked: answer.value.isLocked,
        registrarData: clearedError(domain.registrarData),
      },
      audit: 'domains.domain.transfer',
      note,
      result: { state: 'done' as const, expiryDate },
    }
  })
}
