import { parseInput, type Ctx } from '../../shared'
import { changeZone } from './dns-zone'
import { addDnsRecordInput } from './schemas'

/** Adds one record (Type, Name, Value, TTL, Priority) to the client's zone; see changeZone. */
export async function addDnsRecord(ctx: Ctx, raw: unknown) {
  const { domainId, ...input } = parseInput(addDnsRecordInput, raw)
  return changeZone(ctx, domainId, { kind: 'add', input })
}
