import helmet from 'helmet'

/**
 * Security headers that AdminJS can live with. AdminJS writes its page state into inline
 * <script> blocks and styles with styled-components, so scripts and styles need 'unsafe-inline';
 * everything else is locked to the console's own origin. AdminJS's page templates link Google
 * Fonts; the policy blocks that request in the browser and the console serves Roboto itself
 * (self-hosted-fonts.ts). Framing is refused. HSTS and upgrade-insecure-requests only under https.
 */
export function securityHeaders(options: { isHttps: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        // Email previews (sandboxed srcdoc frames) may show remote images of the message.
        'img-src': ["'self'", 'data:', 'https:'],
        'connect-src': ["'self'"],
        'frame-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.isHttps ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: options.isHttps ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  })
}
