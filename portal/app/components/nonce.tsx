import { createContext, useContext } from 'react'

/**
 * The CSP nonce of this response, handed from entry.server to <Scripts> and <ScrollRestoration>.
 * In the browser it is empty: the scripts are already running by then.
 */
const NonceContext = createContext('')
export const NonceProvider = NonceContext.Provider
export function useNonce(): string {
  return useContext(NonceContext)
}
