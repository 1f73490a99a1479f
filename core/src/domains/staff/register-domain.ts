import type { Db, DbClient } from '@berth/prisma'
import { getSettings } from '../../settings'
import type { Ctx } from '../../shared'
import { toDateOnly } from '../../catalog'
import { callRegistrar } from '../registrars'
import { registrantContact } from './registrant-contact'
import { clearedError, parseDomainId, registrarDataOf, runStaffDomainAction } from './staff-domain'

/** What a registration or transfer did: done at once, or waiting for a person or the registry. */
export type StaffRegistrarOutcome = { state: 'done'; expiryDate: Date } | { state: 'waiting' }

/** Nameservers for a registration that has none: the host's (setting domains.defaultNameservers). */
export async function defaultNameservers(db: Db | DbClient): Promise<string[]> {
  return (await getSettings(db))['domains.defaultNameservers']
}

/**
 * Staff register a PENDING domain at its registrar now (`domains.manage`): the fix for a paid
 * registration that failed, or a domain staff add by hand. Uses the domain's years, nameservers
 * and the client's registrant contact; on success the domain is ACTIVE with the registry's expiry
 * as its next due date. A `waiting` answer (the manual registrar) leaves it PENDING with a staff
 * task. The invoice is not touched: this is for domains already paid for or given away.
 */
export async function registerDomain(ctx: Ctx, raw: unknown): Promise<StaffRegistrarOutcome> {
  const domainId = parseDomainId(raw)
  return runStaffDomainAction<StaffRegistrarOutcome>(ctx, 'register', domainId, async (tx, domain) => {
    const data = registrarDataOf(domain.registrarData)
    const contact = await registrantContact(tx.db, domain.clientId, data)
    const answer = await callRegistrar(ctx, {
      registrar: domain.registrar,
      action: 'register',
      name: domain.name,
      domainId: domain.id,
      // One key per domain and action: a registrar that de-duplicates sees a retry as the same order.
      idempotencyKey: `domain:${domain.id}:register`,
      params: {
        years: domain.years,
        nameservers: domain.nameservers.length ? domain.nameservers : await defaultNameservers(tx.db),
        contact,
        idProtection: domain.hasIdProtection,
      },
    })
    if (answer.status === 'waiting')
      return { audit: 'domains.domain.register.requested', result: { state: 'waiting' as const } }
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
      audit: 'domains.domain.register',
      result: { state: 'done' as const, expiryDate },
    }
  })
}
