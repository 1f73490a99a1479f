import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ALL_PERMISSIONS, BUILT_IN_ROLES } from '@berth/core'
import { getDb } from '@berth/prisma'
import { assertEveryActionIsInTheTable, createAdminJs } from '../admin'
import { ACTION_PERMISSIONS } from './action-permissions'

/**
 * docs/decisions/0006-permission-matrix.md is the contract; action-permissions.ts and core's
 * BUILT_IN_ROLES are its code. This parses both markdown tables and fails on any difference.
 */
const DECISION = fileURLToPath(new URL('../../../docs/decisions/0006-permission-matrix.md', import.meta.url))

/** The rows of the markdown table under a heading, as arrays of trimmed cells (header and rule skipped). */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === heading)
  if (start < 0) throw new Error(`heading not found: ${heading}`)
  const rows: string[][] = []
  let seenTable = false
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim()
    if (trimmed.startsWith('|')) {
      seenTable = true
      rows.push(
        trimmed
          .slice(1, trimmed.endsWith('|') ? -1 : undefined)
          .split('|')
          .map((c) => c.trim()),
      )
    } else if (seenTable) break
    else if (trimmed.startsWith('#')) break
  }
  if (rows.length < 3) throw new Error(`no table under ${heading}`)
  return rows.slice(2) // header, |---|
}

const markdown = readFileSync(DECISION, 'utf8')

describe('the permission matrix (docs/decisions/0006)', () => {
  it('action → permission: action-permissions.ts has exactly the rows of the decision record', () => {
    const fromDoc: Record<string, string | null> = {}
    for (const [resource, action, permission] of tableUnder(markdown, '### Action → permission')) {
      const key = `${resource}.${action}`
      expect(fromDoc, `duplicate row ${key}`).not.toHaveProperty([key])
      fromDoc[key] = permission === '—' || permission === '-' ? null : permission!
    }
    const fromCode: Record<string, string | null> = {}
    for (const [resource, actions] of Object.entries(ACTION_PERMISSIONS)) {
      for (const [action, permission] of Object.entries(actions))
        fromCode[`${resource}.${action}`] = permission
    }
    expect(fromCode).toEqual(fromDoc)
    expect(Object.keys(fromDoc).length).toBeGreaterThan(50)
  })

  it('every permission in the action table is in the catalogue', () => {
    for (const actions of Object.values(ACTION_PERMISSIONS)) {
      for (const permission of Object.values(actions))
        if (permission) expect(ALL_PERMISSIONS).toContain(permission)
    }
  })

  it('role → permissions: core BUILT_IN_ROLES grant exactly the ticks of the decision record', () => {
    const rows = tableUnder(markdown, '### Role → permissions (built-in roles)')
    const header = markdown.split('\n').find((l) => /^\|\s*permission\s*\|/.test(l.trim()))!
    const roles = header
      .trim()
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim())
      .slice(1)
    expect([...roles].sort()).toEqual(Object.keys(BUILT_IN_ROLES).sort())
    const fromDoc: Record<string, string[]> = Object.fromEntries(roles.map((r) => [r, []]))
    for (const [permission, ...ticks] of rows) {
      roles.forEach((role, i) => {
        if ((ticks[i] ?? '').includes('✓')) fromDoc[role]!.push(permission!)
      })
    }
    // Every catalogue permission has a row, so a new permission cannot slip past the record.
    expect(rows.map((r) => r[0]).sort()).toEqual([...ALL_PERMISSIONS].sort())
    for (const role of roles) {
      const inCode = [...BUILT_IN_ROLES[role as keyof typeof BUILT_IN_ROLES].permissions].sort()
      expect(inCode, role).toEqual(fromDoc[role]!.sort())
    }
  })

  it('the assembled console has exactly the table: every AdminJS action has a row and every row an action', async () => {
    const admin = await createAdminJs(getDb())
    expect(() => assertEveryActionIsInTheTable(admin)).not.toThrow()
    const actual = admin.resources
      .flatMap((r) => Object.keys(r.decorate().actions).map((a) => `${r.id()}.${a}`))
      .sort()
    const table = Object.entries(ACTION_PERMISSIONS)
      .flatMap(([r, actions]) => Object.keys(actions).map((a) => `${r}.${a}`))
      .sort()
    expect(actual).toEqual(table)
  })
})
