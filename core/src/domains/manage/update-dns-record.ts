import { parseInput, type Ctx } from '../../shared'
import { changeZone } from './dns-zone'
import { updateDnsRecordInput } from './schemas'

/** Replaces one record of the client's zone with what the form sent; see changeZone. */
export async function updateDnsRecord(ctx: Ctx, raw: unknown) {
  const { domainId, recordId, ...input } = parseInput(updateDnsRecordInput, raw)
  return changeZone(ctx, domainId, { kind: 'update', recordId, input })
}
