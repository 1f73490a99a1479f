import { afterAll, describe, expect, it } from 'vitest'
import { AvailabilityCache, checkAvailability, loadAvailabilitySources, updateSettings } from '@berth/core'
import { getDb } from '@berth/prisma'
import { json, startHttpServer, type FakeResponse } from '../../../tests/fakes/http'
import { startFakeRdap } from '../../../tests/fakes/rdap'
import { superAdmin } from '@berth/tests/support/catalog-factories'
import { handleRefreshRdapBootstrap } from './refresh-rdap-bootstrap'

const db = getDb()
const rdap = await startFakeRdap()
// A local stand-in for data.iana.org: serves whatever the test puts in `answer`.
let answer: FakeResponse = json(404, {})
const iana = await startHttpServer(
  (request) => (request.path === '/rdap/dns.json' ? answer : json(404, {})),
  () => json(500, {}),
)
afterAll(async () => {
  await rdap.stop()
  await iana.stop()
})

/** An IANA-shaped bootstrap file (RFC 9224) that routes the made-up TLD "zzq" to the fake RDAP server. */
const bootstrapFile = (publication: string) => ({
  version: '1.0',
  publication,
  description: 'Some text',
  services: [
    [['zzq'], [rdap.url]],
    [['com', 'net'], ['https://rdap.verisign.com/com/v1/']],
  ],
})

describe('the weekly RDAP bootstrap refresh', () => {
  it('fetches the file from the configured URL, stores it, and availability routes by it', async () => {
    await updateSettings(await superAdmin(), { 'domains.rdapBootstrapUrl': `${iana.url}/rdap/dns.json` })
    rdap.register('harbour.zzq')
    const fresh = () => loadAvailabilitySources(db, { cache: new AvailabilityCache() })
    // Before the refresh the shipped file knows nothing of .zzq: no RDAP server, answer unknown.
    expect((await checkAvailability(await fresh(), 'harbour.zzq', 'zzq')).status).not.toBe('registered')

    answer = json(200, bootstrapFile('2026-12-01T00:00:00Z'))
    const run = await handleRefreshRdapBootstrap('job-1')
    expect(run).toMatchObject({ status: 'SUCCEEDED', result: { tlds: 3 } })
    expect(await db.rdapBootstrap.findUniqueOrThrow({ where: { service: 'dns' } })).toMatchObject({
      publication: '2026-12-01T00:00:00Z',
    })
    const found = await checkAvailability(await fresh(), 'harbour.zzq', 'zzq')
    expect(found, JSON.stringify(found)).toMatchObject({ status: 'registered' })
    expect(await checkAvailability(await fresh(), 'free-berth.zzq', 'zzq')).toMatchObject({
      status: 'available',
    })
    expect(rdap.queries).toEqual(['harbour.zzq', 'free-berth.zzq'])
    // The same pg-boss job delivered twice runs once.
    expect(await handleRefreshRdapBootstrap('job-1')).toEqual({ status: 'SKIPPED' })
  })

  it('a malformed file, an empty one or an error answer keeps the file in use; the run is FAILED', async () => {
    const keep = await db.rdapBootstrap.findUniqueOrThrow({ where: { service: 'dns' } })
    const bad: FakeResponse[] = [
      json(200, { version: '1.0', services: [[['zzq'], ['not a url']]] }),
      json(200, { version: '1.0', services: [] }),
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' },
      json(503, {}),
    ]
    for (const [i, response] of bad.entries()) {
      answer = response
      // The handler throws (pg-boss retries with backoff) after recording the FAILED run.
      await expect(handleRefreshRdapBootstrap(`bad-${i}`)).rejects.toThrow()
      expect(await db.rdapBootstrap.findUniqueOrThrow({ where: { service: 'dns' } })).toEqual(keep)
    }
    const runs = await db.jobRun.findMany({
      where: { job: 'domains.refresh-rdap-bootstrap', runKey: { startsWith: 'bad-' } },
    })
    expect(runs.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED'])
  })

  it('refuses a setting that is not an http(s) address, naming it', async () => {
    await expect(
      updateSettings(await superAdmin(), { 'domains.rdapBootstrapUrl': 'ftp://example.test/dns.json' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'domains.rdapBootstrapUrl' })
  })
})
