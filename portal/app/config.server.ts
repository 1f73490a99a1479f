import { getEnv } from '@berth/core'

/** The portal's reading of the environment (validated once by core's schema, which fails fast). */
export function portalConfig() {
  const env = getEnv()
  return {
    sessionSecret: env.SESSION_SECRET,
    // Secure cookies only when the portal is served over https: browsers drop them on plain http.
    secureCookies: new URL(env.PORTAL_URL).protocol === 'https:',
  }
}
