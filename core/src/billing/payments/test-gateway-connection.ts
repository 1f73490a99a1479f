import { requirePermission } from '../../access'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { GatewayError } from '../gateways/payment-gateway'
import { loadGateway } from './load-gateway'
import { gatewayIdInput } from './schemas'

/** Staff check a gateway's keys work (the adapter makes a harmless call). Writes nothing. */
export async function testGatewayConnection(ctx: Ctx, raw: unknown): Promise<{ ok: true }> {
  requirePermission(ctx.actor, 'billing.gateways')
  const input = parseInput(gatewayIdInput, raw)
  const loaded = await loadGateway(ctx.db, input.gateway, { requireEnabled: false })
  try {
    await loaded.gateway.testConnection(loaded.settings)
  } catch (error) {
    throw new DomainError(
      'GATEWAY_ERROR',
      error instanceof GatewayError ? error.message : `${loaded.displayName} did not answer as expected.`,
      { cause: error },
    )
  }
  return { ok: true }
}
