import { z } from 'zod'
import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { DomainError, parseInput, type Ctx } from '../shared'
import type { ConnectionResult } from './module'
import { readModuleSettings } from './module-settings'
import { loadModuleServer, selectServer } from './manage-servers'
import { getProvisioningModule } from './registry'
import { allowsPrivateTargets } from './webhook-target'

const uuid = z.string().trim().uuid('Choose an existing record.')

async function record(
  ctx: Ctx,
  module: string,
  target: { type: 'Server' | 'Product'; id: string },
  result: ConnectionResult,
) {
  await ctx.db.moduleCall.create({
    data: {
      module,
      action: 'testConnection',
      success: result.ok,
      error: result.ok ? null : result.message,
      durationMs: result.durationMs ?? 0,
      request: { target: target.type, id: target.id } as Prisma.InputJsonValue,
      response: { message: result.message },
      staffId: ctx.actor.type === 'staff' ? ctx.actor.staffId : null,
    },
  })
  await recordAuditEvent(ctx, {
    action: 'provisioning.test-connection',
    targetType: target.type,
    targetId: target.id,
    after: { ok: result.ok, message: result.message },
  })
}

/** Staff check a server answers its module (catalog.manage); the result is logged as a ModuleCall. */
export async function testServerConnection(ctx: Ctx, serverId: string): Promise<ConnectionResult> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, serverId)
  const server = await ctx.db.server.findUnique({ where: { id }, select: { module: true } })
  if (!server) throw new DomainError('NOT_FOUND', 'This server does not exist.')
  const module = getProvisioningModule(server.module)
  const result = await module.testConnection({
    settings: module.settingsSchema.parse({}),
    server: await loadModuleServer(ctx.db, id),
    allowPrivateTargets: await allowsPrivateTargets(ctx.db),
  })
  await record(ctx, server.module, { type: 'Server', id }, result)
  return result
}

/** Staff check a product's module settings reach the host (catalog.manage). */
export async function testProductConnection(ctx: Ctx, productId: string): Promise<ConnectionResult> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, productId)
  const product = await ctx.db.product.findUnique({
    where: { id },
    select: { id: true, provisioningModule: true, moduleSettings: true, serverGroupId: true },
  })
  if (!product) throw new DomainError('NOT_FOUND', 'This product does not exist.')
  if (!product.provisioningModule)
    throw new DomainError('VALIDATION_FAILED', 'This product has no provisioning module.', {
      field: 'provisioningModule',
    })
  const module = getProvisioningModule(product.provisioningModule)
  const serverId = product.serverGroupId ? await selectServer(ctx.db, product.serverGroupId) : null
  const result = await module.testConnection({
    settings: readModuleSettings(product.provisioningModule, product.moduleSettings, product.id),
    server: serverId ? await loadModuleServer(ctx.db, serverId) : null,
    allowPrivateTargets: await allowsPrivateTargets(ctx.db),
  })
  await record(ctx, product.provisioningModule, { type: 'Product', id }, result)
  return result
}
