import type { DbClient } from '@berth/prisma'
import { randomBytes } from 'node:crypto'

const DAY_MS = 24 * 3600_000
const dateOnly = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))

/**
 * The demo client's own domain, registered at the sandbox registry ten months ago: a newcomer
 * finds it under Domains with its nameservers, a small zone and a renewal two months away, and
 * every change made on its page reaches the sandbox like a real registrar (no network).
 */
export async function seedDemoDomains(db: DbClient, input: { clientId: string; now: Date }): Promise<void> {
  const name = 'demo-web-co.com'
  const registered = dateOnly(new Date(input.now.getTime() - 300 * DAY_MS))
  const expires = dateOnly(new Date(input.now.getTime() + 65 * DAY_MS))
  const nameservers = ['ns1.berth.invalid', 'ns2.berth.invalid']
  const records = [
    { type: 'A' as const, name: '@', content: '192.0.2.10', ttl: 3600, priority: null },
    { type: 'CNAME' as const, name: 'www', content: name, ttl: 3600, priority: null },
    { type: 'MX' as const, name: '@', content: `mail.${name}`, ttl: 3600, priority: 10 },
  ]
  await db.sandboxDomain.upsert({
    where: { name },
    create: {
      name,
      registeredAt: registered,
      expiresAt: expires,
      nameservers,
      dnsRecords: records,
      isLocked: true,
      eppCode: randomBytes(9).toString('base64url'),
    },
    update: {},
  })
  const domain = await db.domain.create({
    data: {
      clientId: input.clientId,
      name,
      tld: 'com',
      registrar: 'sandbox',
      status: 'ACTIVE',
      registrationDate: registered,
      expiryDate: expires,
      nextDueDate: expires,
      years: 1,
      currencyCode: 'USD',
      firstPaymentAmount: 1299n,
      recurringAmount: 1299n,
      nameservers,
      isLocked: true,
      hasDnsManagement: true,
      lastSyncedAt: input.now,
    },
  })
  await db.dnsRecord.createMany({ data: records.map((r) => ({ ...r, domainId: domain.id })) })
}
