/** Shared by the permission components: the catalogue grouped by its first segment, in order. */
export type Catalogue = Record<string, string>

const GROUP_LABELS: Record<string, string> = {
  clients: 'Clients',
  staff: 'Staff',
  roles: 'Roles',
  audit: 'Audit log',
  emails: 'Email log',
  jobs: 'Jobs',
  settings: 'Settings',
  billing: 'Billing',
  catalog: 'Catalog',
  orders: 'Orders and services',
  support: 'Support',
}

export function groupCatalogue(
  catalogue: Catalogue,
): Array<{ key: string; label: string; permissions: Array<{ name: string; description: string }> }> {
  const groups = new Map<string, Array<{ name: string; description: string }>>()
  for (const [name, description] of Object.entries(catalogue)) {
    const key = name.split('.')[0] ?? name
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key)!.push({ name, description })
  }
  return [...groups.entries()].map(([key, permissions]) => ({
    key,
    label: GROUP_LABELS[key] ?? key,
    permissions,
  }))
}

/** The permissions of a record, from AdminJS's flattened params (permissions.0, permissions.1...). */
export function permissionsOf(params: Record<string, unknown> | undefined): string[] {
  if (!params) return []
  const direct = params.permissions
  if (Array.isArray(direct)) return direct.map(String)
  return Object.keys(params)
    .filter((k) => /^permissions\.\d+$/.test(k))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((k) => String(params[k]))
}

export const BUILT_IN_NOTE =
  'This is a built-in role. Its permissions are defined in Berth itself and re-applied at every start, so it cannot be changed here. To grant a different set, create a custom role.'

export const NOT_HELD_NOTE =
  'You can add only permissions your own role has; the others are greyed out. Permissions the role already has can be removed.'
