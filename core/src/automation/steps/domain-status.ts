import type { DomainStatus } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { DEFAULT_EXPIRY_TERMS, expiryPhaseOn, type ExpiryPhase } from '../../domains'
import { defineStep, type DueItem } from '../../pipeline'

/** The date-driven statuses in the order a domain passes through them; it never moves back here. */
const PHASE_ORDER: readonly ExpiryPhase[] = ['ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED']
const rank = (status: DomainStatus) => PHASE_ORDER.indexOf(status as ExpiryPhase)

/**
 * Domain statuses by date: an ACTIVE domain past its expiry goes to GRACE, past its TLD's grace
 * days to REDEMPTION, past the redemption days to EXPIRED (a run that missed days moves it
 * straight to where the date says, in one audited step). Only forwards: a renewal or a registrar
 * sync moves a domain back to ACTIVE. A domain whose TLD is gone keeps the usual terms
 * (DEFAULT_EXPIRY_TERMS). The client's services are not touched: a domain lapsing does not
 * suspend hosting (WHMCS does the same).
 */
export const domainStatusStep = defineStep<DueItem>({
  name: 'domain-status',
  async select(db, asOf, afterKey, limit) {
    const { graceDays, redemptionDays } = DEFAULT_EXPIRY_TERMS
    return db.$queryRaw<DueItem[]>`
      SELECT d."id"::text AS "key", d."clientId"::text AS "clientId"
      FROM "Domain" d LEFT JOIN "Tld" t ON t."name" = d."tld"
      WHERE d."expiryDate" IS NOT NULL AND d."expiryDate" < ${asOf}::date
        AND (d."status" = 'ACTIVE'
          OR (d."status" = 'GRACE' AND d."expiryDate" + COALESCE(t."graceDays", ${graceDays}::int) < ${asOf}::date)
          OR (d."status" = 'REDEMPTION'
            AND d."expiryDate" + COALESCE(t."graceDays", ${graceDays}::int)
              + COALESCE(t."redemptionDays", ${redemptionDays}::int) < ${asOf}::date))
        AND (${afterKey}::uuid IS NULL OR d."id" > ${afterKey}::uuid)
      ORDER BY d."id" LIMIT ${limit}::int`
  },
  async processItem(tx, item, asOf) {
    const [domain] = await tx.db.$queryRaw<{ status: DomainStatus; expiryDate: Date | null; tld: string }[]>`
      SELECT "status", "expiryDate", "tld" FROM "Domain" WHERE "id" = ${item.key}::uuid FOR UPDATE`
    if (!domain?.expiryDate || rank(domain.status) < 0) return { changed: false }
    const tld = await tx.db.tld.findUnique({
      where: { name: domain.tld },
      select: { graceDays: true, redemptionDays: true },
    })
    const phase = expiryPhaseOn(domain.expiryDate, tld ?? DEFAULT_EXPIRY_TERMS, asOf)
    if (PHASE_ORDER.indexOf(phase) <= rank(domain.status)) return { changed: false }
    await tx.db.domain.update({ where: { id: item.key }, data: { status: phase } })
    await recordAuditEvent(tx, {
      action: 'domain.status.expire',
      targetType: 'Domain',
      targetId: item.key,
      clientId: item.clientId,
      before: { status: domain.status },
      after: { status: phase, expiryDate: domain.expiryDate, on: asOf },
    })
    return { changed: true, counts: { [`domainsTo${phase[0]}${phase.slice(1).toLowerCase()}`]: 1 } }
  },
})
