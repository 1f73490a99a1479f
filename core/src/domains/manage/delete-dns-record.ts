import type { Ctx } from '../../shared/context'
import { parseInput } from '../../shared/validate'
import { changeZone } from './dns-zone'
import { deleteDnsRecordInput } from './schemas'

/** Removes one record from the client's zone; see changeZone. */
export async function deleteDnsRecord(ctx: Ctx, raw: unknown) {
  const { domainId, recordId } = parseInput(deleteDnsRecordInput, raw)
  return changeZone(ctx, domainId, { kind: 'delete', recordId })
}
