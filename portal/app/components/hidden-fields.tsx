import { useRouteLoaderData } from '@remix-run/react'
import type { RootData } from '~/root-data'

/** The CSRF token every state-changing form carries (the root loader issues it). */
export function CsrfInput() {
  const root = useRouteLoaderData<RootData>('root')
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ''} />
}

/** The honeypot of public forms: invisible to people (see .hp in the stylesheet), bait for bots. */
export function HoneypotInput() {
  return (
    <div className="hp" aria-hidden="true">
      <label htmlFor="website">Leave this field empty</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  )
}
