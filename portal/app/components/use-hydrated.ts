import { useEffect, useState } from 'react'

/**
 * False on the server and in the first browser render, true once JavaScript runs: for buttons that
 * only matter without JavaScript ("Update price", "Show"), hidden when the page updates by itself.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}
