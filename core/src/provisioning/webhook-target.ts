import type { DbClient } from '@berth/prisma'
import { getSettings } from '../settings'
import { DomainError, type Ctx } from '../shared'
import { isSuperAdminActor } from '../staff'
import { webhookServerUrl } from './modules/webhook'
import { privateAddressOf } from './private-address'

/**
 * Where the webhook module may POST (issue 8 §5). Staff with `catalog.manage` could otherwise make
 * Berth call its own machine or the host's private network (an admin port on 127.0.0.1, a cloud
 * metadata service on 169.254.169.254) and read the answer in the module-call log.
 *
 * - When saved (a product's module settings, a webhook server): a URL whose host is, or resolves
 *   to, a loopback, link-local, private or unspecified address is refused, naming the field,
 *   unless the setting `provisioning.allowPrivateWebhookTargets` is on or a Super admin saves it.
 * - When called: a host *name* is resolved again, inside the connection itself (the check is the
 *   lookup the socket uses, so a DNS answer cannot change between check and connect: no DNS
 *   rebinding), and refused when private unless the setting is on. A literal address was judged
 *   when it was saved and cannot change, so it is not checked again; a Super admin who wants an
 *   internal *name* turns the setting on.
 */
export const ALLOW_PRIVATE_SETTING = 'provisioning.allowPrivateWebhookTargets'

export async function allowsPrivateTargets(db: DbClient | Ctx['db']): Promise<boolean> {
  return (await getSettings(db))[ALLOW_PRIVATE_SETTING] === true
}

/**
 * Refuses webhook URLs that reach a private address when saved by staff other than a Super admin,
 * unless the setting allows them. `urls` maps the form field to the URL it makes.
 */
export async function assertWebhookTargetsAllowed(
  ctx: Ctx,
  urls: Record<string, string | null | undefined>,
): Promise<void> {
  const given = Object.entries(urls).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  )
  if (!given.length) return
  if (await allowsPrivateTargets(ctx.db)) return
  if (await isSuperAdminActor(ctx.db as DbClient, ctx.actor)) return
  for (const [field, url] of given) {
    const address = await privateAddressOf(url)
    if (address) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `This URL reaches ${address}, a loopback, link-local or private address: only a Super admin can choose one, unless "Allow private webhook targets" is turned on in the settings.`,
        { field },
      )
    }
  }
}

const urlSetting = (stored: unknown): string | null => {
  const url = stored && typeof stored === 'object' ? (stored as Record<string, unknown>).url : undefined
  return typeof url === 'string' && url ? url : null
}

/** A product's webhook URL (stored settings), checked when it is new or changed. */
export async function assertProductWebhookTarget(
  ctx: Ctx,
  module: string | null | undefined,
  stored: unknown,
  before?: unknown,
): Promise<void> {
  if (module !== 'webhook') return
  const url = urlSetting(stored)
  if (url && url !== urlSetting(before)) await assertWebhookTargetsAllowed(ctx, { 'moduleSettings.url': url })
}

type ServerTarget = {
  module: string
  settings: unknown
  useTls: boolean
  hostname: string
  port: number | null
}

/** A webhook server's URL (its `url` setting, else its host name), checked when it is new or changed. */
export async function assertServerWebhookTarget(
  ctx: Ctx,
  server: ServerTarget,
  before?: ServerTarget,
): Promise<void> {
  if (server.module !== 'webhook') return
  const urlOf = (s: ServerTarget) =>
    webhookServerUrl({
      settings: (s.settings ?? {}) as Record<string, unknown>,
      useTls: s.useTls,
      hostname: s.hostname,
      port: s.port,
    })
  const url = urlOf(server)
  if (before && before.module === 'webhook' && urlOf(before) === url) return
  await assertWebhookTargetsAllowed(ctx, { [urlSetting(server.settings) ? 'settings.url' : 'hostname']: url })
}
