import React from 'react'
import { useCurrentAdmin } from 'adminjs'

type Page = { name: string; component: string; icon?: string }
type Props = { pages?: Page[]; OriginalComponent?: React.ComponentType<{ pages?: Page[] }> }

/**
 * The sidebar's "Pages" list without the pages this staff member cannot open (cosmetic only: the
 * server refuses them anyway). The view permission per page comes from the server's table through
 * AdminJS.env.
 */
const SidebarPages: React.FC<Props> = ({ pages, OriginalComponent }) => {
  const [admin] = useCurrentAdmin()
  const env = ((window as unknown as { AdminJS?: { env?: Record<string, unknown> } }).AdminJS?.env ??
    {}) as Record<string, unknown>
  let rules: Record<string, string> = {}
  try {
    rules = JSON.parse(String(env.BERTH_PAGE_VIEW_PERMISSIONS ?? '{}')) as Record<string, string>
  } catch {
    rules = {}
  }
  const permissions = ((admin as { permissions?: string[] } | null)?.permissions ?? []) as string[]
  const visible = (pages ?? []).filter((page) => {
    const needed = rules[page.name]
    return !needed || needed === 'any-staff' || permissions.includes(needed)
  })
  if (!OriginalComponent) return null
  return <OriginalComponent pages={visible} />
}

export default SidebarPages
