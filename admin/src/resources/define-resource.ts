import type { Action, ActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs'
import type { Db } from '@berth/prisma'
import {
  ACTION_PERMISSIONS,
  canRunAction,
  type ActionName,
  type AdminResourceId,
} from '../access/action-permissions'
import { refusedHandler } from '../actions/core-actions'
import type { ComponentIds } from '../components/registry'

/** What every resource factory gets from the assembly (admin.ts); resources never import it back. */
export interface ResourceDeps {
  db: Db
  components: ComponentIds
  /** Active currency codes, for the client form. */
  currencyCodes: string[]
}

export type ResourceFactory = (deps: ResourceDeps) => ResourceWithOptions

type ActionOptions = Partial<Action<ActionResponse>>

/**
 * A resource's actions with access from the permission table: every action of the table row
 * (AdminJS's built-in ones included) gets `isAccessible` from it, and an action nobody may run
 * also gets a handler that refuses. Declaring an action the table does not know is a start-up error.
 */
export function guardActions<R extends AdminResourceId>(
  resourceId: R,
  actions: Partial<Record<ActionName<R>, ActionOptions>>,
): NonNullable<ResourceOptions['actions']> {
  const table: Record<string, string | null> = ACTION_PERMISSIONS[resourceId]
  const given = actions as Record<string, ActionOptions | undefined>
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(table, name))
      throw new Error(`${resourceId}.${name}: the action has no row in access/action-permissions.ts`)
  }
  const out: Record<string, ActionOptions> = {}
  for (const [name, permission] of Object.entries(table)) {
    out[name] = {
      ...(given[name] ?? {}),
      ...(permission === null ? { handler: refusedHandler(), isVisible: false } : {}),
      isAccessible: ({ currentAdmin }) =>
        canRunAction(currentAdmin as { permissions: string[] } | undefined, resourceId, name),
    }
  }
  return out
}

/** Property visibility shorthand: where a property appears. */
export function visibleIn(...places: Array<'list' | 'show' | 'edit' | 'filter'>) {
  return {
    list: places.includes('list'),
    show: places.includes('show'),
    edit: places.includes('edit'),
    filter: places.includes('filter'),
  }
}

/** A sidebar link that opens the list already filtered (open tasks...), only for who may list. */
export function filteredHref(resourceId: string, search: string): NonNullable<ResourceOptions['href']> {
  return ({ h, currentAdmin }) =>
    canRunAction(currentAdmin as { permissions: string[] } | undefined, resourceId, 'list')
      ? h.resourceUrl({ resourceId, search })
      : (null as unknown as string)
}
