import type { ReactNode } from 'react'

/** A message box: errors are announced at once (role=alert), the rest politely (role=status). */
export function Notice({
  kind,
  children,
  id,
}: {
  kind: 'success' | 'info' | 'warning' | 'error'
  children: ReactNode
  id?: string
}) {
  return (
    <div id={id} className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  )
}

/** The message at the top of a refused form, when there is one. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? <Notice kind="error">{message}</Notice> : null
}
