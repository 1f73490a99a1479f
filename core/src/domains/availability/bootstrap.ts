import type { Db, DbClient, Prisma } from '@berth/prisma'
import { z } from 'zod'
import { recordJobRun } from '../../pipeline'
import { getSettings } from '../../settings'
import shipped from './iana-rdap-dns.json' with { type: 'json' }

/**
 * The IANA RDAP bootstrap registry for DNS (RFC 9224, https://data.iana.org/rdap/dns.json): which
 * RDAP server answers for which TLD. A copy ships with the code (iana-rdap-dns.json, the common and
 * demo TLDs); the refresh job stores IANA's current file in RdapBootstrap, which wins when present.
 */
export const IANA_RDAP_DNS_URL = 'https://data.iana.org/rdap/dns.json'

export const rdapBootstrapSchema = z.object({
  version: z.string(),
  publication: z.string().optional(),
  description: z.string().optional(),
  services: z.array(z.tuple([z.array(z.string()), z.array(z.string().url())])),
})

export type RdapBootstrapFile = z.infer<typeof rdapBootstrapSchema>

export const SHIPPED_RDAP_BOOTSTRAP: RdapBootstrapFile = rdapBootstrapSchema.parse(shipped)

/** TLD (lower-case ASCII) → RDAP base URLs (https first), from a bootstrap file. */
export function indexBootstrap(file: RdapBootstrapFile): Map<string, string[]> {
  const index = new Map<string, string[]>()
  for (const [tlds, urls] of file.services) {
    const ordered = [...urls].sort((a, b) => Number(b.startsWith('https:')) - Number(a.startsWith('https:')))
    for (const tld of tlds) index.set(tld.toLowerCase(), ordered)
  }
  return index
}

/**
 * The RDAP base URL for a name: the entry of the longest matching label suffix (RFC 9224 §4), so
 * example.co.uk uses the "uk" entry. null when no RDAP server is known (WHOIS fallback).
 */
export function rdapBaseUrlFor(index: Map<string, string[]>, name: string): string | null {
  const labels = name.split('.')
  for (let i = 1; i < labels.length; i++) {
    const urls = index.get(labels.slice(i).join('.'))
    if (urls?.[0]) return urls[0]
  }
  return null
}

/** The stored file from the last refresh, else the shipped copy. */
export async function loadRdapBootstrap(db: Db | DbClient): Promise<RdapBootstrapFile> {
  const row = await db.rdapBootstrap.findUnique({ where: { service: 'dns' }, select: { data: true } })
  const parsed = row ? rdapBootstrapSchema.safeParse(row.data) : null
  return parsed?.success ? parsed.data : SHIPPED_RDAP_BOOTSTRAP
}

/**
 * Fetches IANA's file and stores it (the weekly pg-boss job `domains.refresh-rdap-bootstrap` calls
 * it through refreshRdapBootstrapFile). A malformed or empty answer throws before anything is
 * written, so the file in use stays.
 */
export async function refreshRdapBootstrap(
  db: Db | DbClient,
  options: { url?: string; fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<{ tlds: number; publication: string | null }> {
  const response = await (options.fetchImpl ?? fetch)(options.url ?? IANA_RDAP_DNS_URL, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  })
  if (!response.ok) throw new Error(`IANA answered ${response.status} for the RDAP bootstrap file`)
  const file = rdapBootstrapSchema.parse(await response.json())
  const tlds = file.services.reduce((n, [names]) => n + names.length, 0)
  if (tlds === 0) throw new Error('The RDAP bootstrap file lists no TLDs; keeping the one in use')
  const data = file as unknown as Prisma.InputJsonValue
  const publication = file.publication ?? null
  await db.rdapBootstrap.upsert({
    where: { service: 'dns' },
    create: { service: 'dns', data, publication, fetchedAt: new Date() },
    update: { data, publication, fetchedAt: new Date() },
  })
  return { tlds, publication }
}

/**
 * The weekly job's work: fetch the file from the `domains.rdapBootstrapUrl` setting (IANA by
 * default) and store it, recorded as a JobRun keyed by `runKey` (the pg-boss job id), so a repeat
 * of the same job is a no-op and a failure is visible in the console's job runs.
 */
export async function refreshRdapBootstrapFile(
  db: Db,
  runKey: string,
  options: { fetchImpl?: typeof fetch; triggeredBy?: string } = {},
) {
  const settings = await getSettings(db)
  return recordJobRun(
    db,
    { job: 'domains.refresh-rdap-bootstrap', runKey, triggeredBy: options.triggeredBy ?? 'cron' },
    async () => {
      const stored = await refreshRdapBootstrap(db, {
        url: settings['domains.rdapBootstrapUrl'],
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      })
      return { ...stored, url: settings['domains.rdapBootstrapUrl'] }
    },
  )
}
