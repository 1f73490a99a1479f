import { z } from 'zod'
import type { Db, DbClient, Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { decryptSecret, encryptSecret, secretBinding } from '../crypto'
import {
  maskSecret,
  maskSecrets,
  DomainError,
  isUniqueViolation,
  inTransaction,
  parseInput,
  partialUpdate,
  newRowId,
  type Ctx,
} from '../shared'
import type { ModuleServer } from './module'
import { isModuleName } from './registry'
import { assertServerWebhookTarget } from './webhook-target'

/**
 * Servers and server groups (staff, `catalog.manage`): where services live. Credentials are kept
 * encrypted (AES-256-GCM) and shown back masked; a credential sent blank keeps the stored one.
 */
const uuid = z.string().trim().uuid('Choose an existing record.')
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null))

export const serverGroupInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(120),
  fillType: z.enum(['FILL_ACTIVE', 'LEAST_FULL']).default('LEAST_FULL'),
})

const serverFields = {
  groupId: uuid.nullish().transform((v) => v ?? null),
  name: z.string().trim().min(1, 'Name is required').max(120),
  hostname: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Hostname is required')
    .max(253)
    .regex(/^[a-z0-9.-]+$/, 'Enter a hostname such as node1.example.com'),
  ipAddress: optionalText(45).refine(
    (v) => v === null || z.union([z.ipv4(), z.ipv6()]).safeParse(v).success,
    'Enter an IPv4 or IPv6 address',
  ),
  module: z.string().trim().refine(isModuleName, 'Choose a provisioning module'),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .nullish()
    .transform((v) => v ?? null),
  useTls: z.boolean().default(true),
  username: optionalText(120),
  /** secret values by key (password, apiToken, secret): blank keeps the stored value */
  credentials: z.record(z.string().max(40), z.string().max(2000)).default({}),
  maxAccounts: z.coerce.number().int().min(0).max(1_000_000).default(0),
  isActive: z.boolean().default(true),
  settings: z
    .record(z.string(), z.unknown())
    .default({})
    .refine(
      (s) =>
        s.url === undefined || s.url === '' || (typeof s.url === 'string' && /^https?:\/\/\S+$/i.test(s.url)),
      { message: 'The URL must start with http:// or https://', path: ['url'] },
    ),
}
export const serverInput = z.object(serverFields)
export const updateServerInput = partialUpdate(z.object(serverFields))

const serverSelect = {
  id: true,
  groupId: true,
  name: true,
  hostname: true,
  ipAddress: true,
  module: true,
  port: true,
  useTls: true,
  username: true,
  credentialsEnc: true,
  maxAccounts: true,
  isActive: true,
  settings: true,
} as const

type ServerRow = Prisma.ServerGetPayload<{ select: typeof serverSelect }>

// Sealed bound to the server's row: credentials copied onto another server do not open (decision 0026).
function readCredentials(serverId: string, sealed: string | null): Record<string, string> {
  return sealed
    ? (JSON.parse(decryptSecret(sealed, secretBinding('Server.credentialsEnc', serverId))) as Record<
        string,
        string
      >)
    : {}
}

/** A server as staff see it: credentials masked. */
function shown(s: ServerRow) {
  const { credentialsEnc, ...rest } = s
  const masked: Record<string, string> = {}
  for (const [k, v] of Object.entries(readCredentials(s.id, credentialsEnc))) masked[k] = maskSecret(v)
  return { ...rest, settings: maskSecrets(rest.settings), credentials: masked }
}

/** The server as a module sees it: credentials decrypted. Internal. */
export function moduleServerOf(s: ServerRow): ModuleServer {
  return {
    id: s.id,
    name: s.name,
    hostname: s.hostname,
    ipAddress: s.ipAddress,
    port: s.port,
    useTls: s.useTls,
    username: s.username,
    credentials: readCredentials(s.id, s.credentialsEnc),
    settings: (s.settings ?? {}) as Record<string, unknown>,
  }
}

export async function loadModuleServer(db: Db | DbClient, serverId: string): Promise<ModuleServer | null> {
  const server = await db.server.findUnique({ where: { id: serverId }, select: serverSelect })
  return server ? moduleServerOf(server) : null
}

function sealCredentials(
  serverId: string,
  given: Record<string, string>,
  existing: string | null,
): string | null {
  const merged = { ...readCredentials(serverId, existing) }
  for (const [k, v] of Object.entries(given)) if (v.trim() !== '') merged[k] = v
  return Object.keys(merged).length
    ? encryptSecret(JSON.stringify(merged), secretBinding('Server.credentialsEnc', serverId))
    : null
}

async function assertGroup(db: DbClient, groupId: string | null | undefined) {
  if (groupId && !(await db.serverGroup.findUnique({ where: { id: groupId }, select: { id: true } })))
    throw new DomainError('VALIDATION_FAILED', 'Choose an existing server group.', { field: 'groupId' })
}

export async function createServerGroup(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const input = parseInput(serverGroupInput, raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const group = await tx.db.serverGroup.create({
        data: input,
        select: { id: true, name: true, fillType: true },
      })
      await recordAuditEvent(tx, {
        action: 'server-group.create',
        targetType: 'ServerGroup',
        targetId: group.id,
        after: group,
      })
      return group
    })
  } catch (error) {
    if (isUniqueViolation(error, 'name'))
      throw new DomainError('DUPLICATE', 'Another server group has this name.', { field: 'name' })
    throw error
  }
}

export async function updateServerGroup(ctx: Ctx, groupId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, groupId)
  const input = parseInput(partialUpdate(serverGroupInput), raw)
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await tx.db.serverGroup.findUnique({
        where: { id },
        select: { id: true, name: true, fillType: true },
      })
      if (!before) throw new DomainError('NOT_FOUND', 'This server group does not exist.')
      const after = await tx.db.serverGroup.update({
        where: { id },
        data: input,
        select: { id: true, name: true, fillType: true },
      })
      const diff = diffFields(before as Record<string, unknown>, input)
      if (Object.keys(diff.after).length)
        await recordAuditEvent(tx, {
          action: 'server-group.update',
          targetType: 'ServerGroup',
          targetId: id,
          ...diff,
        })
      return after
    })
  } catch (error) {
    if (isUniqueViolation(error, 'name'))
      throw new DomainError('DUPLICATE', 'Another server group has this name.', { field: 'name' })
    throw error
  }
}

export async function deleteServerGroup(ctx: Ctx, groupId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, groupId)
  await inTransaction(ctx, async (tx) => {
    const group = await tx.db.serverGroup.findUnique({
      where: { id },
      select: { name: true, _count: { select: { servers: true, products: true } } },
    })
    if (!group) throw new DomainError('NOT_FOUND', 'This server group does not exist.')
    if (group._count.servers + group._count.products > 0)
      throw new DomainError('IN_USE', 'Servers or products still use this group: move them first.')
    await tx.db.serverGroup.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'server-group.delete',
      targetType: 'ServerGroup',
      targetId: id,
      before: { name: group.name },
    })
  })
}

export async function createServer(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const { credentials, ...input } = parseInput(serverInput, raw)
  return inTransaction(ctx, async (tx) => {
    await assertGroup(tx.db, input.groupId)
    await assertServerWebhookTarget(tx, { ...input, port: input.port ?? null })
    const id = newRowId() // known before the insert: the credentials are sealed bound to it
    const server = await tx.db.server.create({
      data: {
        id,
        ...input,
        settings: input.settings as Prisma.InputJsonValue,
        credentialsEnc: sealCredentials(id, credentials, null),
      },
      select: serverSelect,
    })
    await recordAuditEvent(tx, {
      action: 'server.create',
      targetType: 'Server',
      targetId: server.id,
      after: shown(server),
    })
    return shown(server)
  })
}

export async function updateServer(ctx: Ctx, serverId: string, raw: unknown) {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, serverId)
  const { credentials, settings, ...input } = parseInput(updateServerInput, raw)
  return inTransaction(ctx, async (tx) => {
    const before = await tx.db.server.findUnique({ where: { id }, select: serverSelect })
    if (!before) throw new DomainError('NOT_FOUND', 'This server does not exist.')
    await assertGroup(tx.db, input.groupId)
    const target = {
      module: input.module ?? before.module,
      settings: settings ?? before.settings,
      useTls: input.useTls ?? before.useTls,
      hostname: input.hostname ?? before.hostname,
      port: input.port === undefined ? before.port : input.port,
    }
    await assertServerWebhookTarget(tx, target, before)
    const data: Prisma.ServerUncheckedUpdateInput = { ...input }
    if (settings) data.settings = settings as Prisma.InputJsonValue
    if (credentials) data.credentialsEnc = sealCredentials(id, credentials, before.credentialsEnc)
    const after = await tx.db.server.update({
      where: { id },
      data,
      select: serverSelect,
    })
    const diff = diffFields(shown(before) as Record<string, unknown>, shown(after))
    if (credentials && Object.values(credentials).some((v) => v.trim()))
      (diff.after as Record<string, unknown>).credentialsChanged = Object.keys(credentials).filter((k) =>
        credentials[k]!.trim(),
      )
    if (Object.keys(diff.after).length)
      await recordAuditEvent(tx, { action: 'server.update', targetType: 'Server', targetId: id, ...diff })
    return shown(after)
  })
}

export async function deleteServer(ctx: Ctx, serverId: string): Promise<void> {
  requirePermission(ctx.actor, 'catalog.manage')
  const id = parseInput(uuid, serverId)
  await inTransaction(ctx, async (tx) => {
    const server = await tx.db.server.findUnique({
      where: { id },
      select: { ...serverSelect, _count: { select: { services: true } } },
    })
    if (!server) throw new DomainError('NOT_FOUND', 'This server does not exist.')
    const { _count, ...row } = server
    if (_count.services > 0)
      throw new DomainError(
        'IN_USE',
        `${_count.services} service(s) live on this server: deactivate it instead.`,
      )
    await tx.db.server.delete({ where: { id } })
    await recordAuditEvent(tx, {
      action: 'server.delete',
      targetType: 'Server',
      targetId: id,
      before: shown(row),
    })
  })
}

export async function listServers(ctx: Ctx, input: { groupId?: string } = {}) {
  requirePermission(ctx.actor, 'catalog.view')
  const rows = await ctx.db.server.findMany({
    where: input.groupId ? { groupId: input.groupId } : {},
    orderBy: [{ name: 'asc' }],
    select: {
      ...serverSelect,
      _count: { select: { services: { where: { status: { in: ['PENDING', 'ACTIVE', 'SUSPENDED'] } } } } },
    },
  })
  return rows.map(({ _count, ...s }) => ({ ...shown(s), accounts: _count.services }))
}

/** One server as staff see it (catalog.view): credentials masked, with its account count. */
export async function getServer(ctx: Ctx, serverId: string) {
  requirePermission(ctx.actor, 'catalog.view')
  const id = parseInput(uuid, serverId)
  const server = await ctx.db.server.findUnique({
    where: { id },
    select: {
      ...serverSelect,
      _count: { select: { services: { where: { status: { in: ['PENDING', 'ACTIVE', 'SUSPENDED'] } } } } },
    },
  })
  if (!server) throw new DomainError('NOT_FOUND', 'This server does not exist.')
  const { _count, ...row } = server
  return { ...shown(row), accounts: _count.services }
}

/**
 * Picks the server for a new service in a group: active servers with room (maxAccounts 0 = no
 * limit; accounts = pending, active and suspended services). FILL_ACTIVE fills the servers in name
 * order, one after the other; LEAST_FULL takes the one with the lowest share of its capacity
 * (the fewest accounts among unlimited ones). Null when every server is full.
 */
export async function selectServer(db: Db | DbClient, groupId: string): Promise<string | null> {
  const group = await db.serverGroup.findUnique({
    where: { id: groupId },
    select: {
      fillType: true,
      servers: {
        where: { isActive: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          maxAccounts: true,
          _count: { select: { services: { where: { status: { in: ['PENDING', 'ACTIVE', 'SUSPENDED'] } } } } },
        },
      },
    },
  })
  if (!group) return null
  const withRoom = group.servers.filter((s) => s.maxAccounts === 0 || s._count.services < s.maxAccounts)
  if (!withRoom.length) return null
  if (group.fillType === 'FILL_ACTIVE') return withRoom[0]!.id
  const load = (s: (typeof withRoom)[number]) =>
    s.maxAccounts === 0 ? s._count.services / 1e9 : s._count.services / s.maxAccounts
  return [...withRoom].sort((a, b) => load(a) - load(b))[0]!.id
}
