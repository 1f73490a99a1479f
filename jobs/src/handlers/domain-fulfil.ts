import { runDomainFulfilJob, type DomainFulfilment } from '@berth/core'
import { getDb } from '@berth/prisma'
import { domainFulfilJob } from '../definitions'

/** A paid DOMAIN item: core calls the registrar; a thrown registrar failure makes pg-boss retry. */
export async function handleDomainFulfilJob(data: unknown): Promise<DomainFulfilment> {
  return runDomainFulfilJob(getDb(), domainFulfilJob.payload.parse(data))
}
