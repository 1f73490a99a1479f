/** The portal session cookie's name, with no imports, so the Express server can read it too (server/request-guards.ts). */
export const SESSION_COOKIE = 'berth_portal'
