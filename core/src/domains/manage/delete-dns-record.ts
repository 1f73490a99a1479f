import { parseInput, type Ctx } from '../../shared'
import { changeZone } from './dns-zone'
import { deleteDnsRecordInput } from './schemas'

/** Removes one record from the client's zone; see changeZone. */
export async function deleteDnsRecord(ctx: Ctx, raw: unknown) {
  const { domainId, recordId } = parseInput(deleteDnsRecordInput, raw)
  return changeZone(ctx, domainId, { kind: 'delete', recordId })
}
