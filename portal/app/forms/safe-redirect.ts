/**
 * Where to go after login: only a path on this site. Absolute URLs, protocol-relative `//host`,
 * backslash tricks (`/\host`, which browsers treat as `//host`) and control characters fall back.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
    return fallback
  if (/[\u0000-\u001f\\]/.test(to) || to.length > 2000) return fallback
  if (to === '/logout' || to.startsWith('/logout?')) return fallback
  return to
}
