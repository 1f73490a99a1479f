import { describe, expect, it } from 'vitest'
import type { Actor } from '../shared'
import { ALL_PERMISSIONS, BUILT_IN_ROLES, isPermission } from './permissions'
import { hasPermission, requireClient, requirePermission, requireStaff } from './require-permission'

const staff = (permissions: string[]): Actor => ({
  type: 'staff',
  staffId: 's1',
  permissions,
  label: 's@example.test',
})
const client: Actor = { type: 'client', userId: 'u1', clientId: 'c1', label: 'c@example.test' }
const system: Actor = { type: 'system', label: 'cron' }
const anonymous: Actor = { type: 'anonymous' }

const code = (fn: () => unknown) => {
  try {
    fn()
    return 'allowed'
  } catch (e) {
    return (e as { code: string }).code
  }
}

describe('requirePermission', () => {
  it('allows staff holding the permission and the system; refuses everyone else with FORBIDDEN', () => {
    expect(code(() => requirePermission(staff(['clients.edit']), 'clients.edit'))).toBe('allowed')
    expect(code(() => requirePermission(system, 'settings.manage'))).toBe('allowed')
    expect(code(() => requirePermission(staff(['clients.view']), 'clients.edit'))).toBe('FORBIDDEN')
    expect(code(() => requirePermission(client, 'clients.view'))).toBe('FORBIDDEN')
    expect(code(() => requirePermission(anonymous, 'clients.view'))).toBe('FORBIDDEN')
    expect(hasPermission(staff([]), 'audit.view')).toBe(false)
  })

  it('requireStaff and requireClient admit only their kind of actor', () => {
    expect(requireStaff(staff([]))).toMatchObject({ staffId: 's1' })
    for (const a of [client, system, anonymous]) expect(code(() => requireStaff(a))).toBe('FORBIDDEN')
    expect(requireClient(client)).toMatchObject({ clientId: 'c1' })
    for (const a of [staff(['clients.view']), system, anonymous])
      expect(code(() => requireClient(a))).toBe('UNAUTHENTICATED')
  })
})

describe('built-in roles', () => {
  it('use only catalogued permissions; Super admin has all of them, Read-only only the .view ones', () => {
    for (const role of Object.values(BUILT_IN_ROLES))
      for (const p of role.permissions) expect(isPermission(p)).toBe(true)
    expect([...BUILT_IN_ROLES['Super admin'].permissions].sort()).toEqual([...ALL_PERMISSIONS].sort())
    expect(BUILT_IN_ROLES['Read-only'].permissions.every((p) => p.endsWith('.view'))).toBe(true)
    expect(BUILT_IN_ROLES['Read-only'].permissions).toEqual(
      ALL_PERMISSIONS.filter((p) => p.endsWith('.view')),
    )
    for (const role of ['Billing', 'Support', 'Read-only'] as const) {
      const perms = BUILT_IN_ROLES[role].permissions as readonly string[]
      for (const p of ['staff.manage', 'roles.manage', 'settings.manage']) expect(perms).not.toContain(p)
    }
    expect(isPermission('toString')).toBe(false)
    expect(isPermission('root')).toBe(false)
  })
})
