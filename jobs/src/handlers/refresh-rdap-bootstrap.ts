import { refreshRdapBootstrapFile } from '@berth/core'
import { getDb } from '@berth/prisma'

/** Weekly: core fetches the RDAP bootstrap file from the configured address and records the JobRun. */
export async function handleRefreshRdapBootstrap(jobId: string, fetchImpl?: typeof fetch) {
  return refreshRdapBootstrapFile(getDb(), jobId, fetchImpl ? { fetchImpl } : {})
}
