import type { RequestInfo } from '@berth/core'

/**
 * What the Express server hands every loader and action besides the request: the caller's address
 * (from Express, which knows whether to trust X-Forwarded-For) and the nonce of this response's
 * Content-Security-Policy.
 */
export interface PortalLoadContext {
  requestInfo: RequestInfo
  cspNonce: string
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends PortalLoadContext {}
}
