import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import { createPortalApp } from '../server'

/**
 * The real portal (Express + the built Remix app) on an ephemeral port, once per test file, against
 * the file's own database (tests/support/setup-file.ts). It needs `npm run build -w @berth/portal`
 * to have run (the root `npm test` builds first); createPortalApp says so when the build is missing.
 */
export function usePortalServer(): { readonly url: string } {
  const state = { url: '' }
  let server: Server | undefined
  beforeAll(async () => {
    const app = await createPortalApp()
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })
  return state
}
