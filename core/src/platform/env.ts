import { z } from 'zod'
import { encryptionKeySchema } from '../crypto'

/**
 * The environment every Berth process reads, validated once at boot. A bad value stops start-up
 * with a message that names the variable. No secret has a fallback in code: the launcher
 * (scripts/start.ts) generates and persists local secrets for demo use.
 */
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true')

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().url({ message: 'must be a postgresql:// URL' }),
    ENCRYPTION_KEY: encryptionKeySchema,
    // During a key rollover only: the old key, which still opens values (decision 0026).
    ENCRYPTION_KEY_PREVIOUS: z
      .literal('')
      .transform(() => undefined)
      .or(encryptionKeySchema)
      .optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    // Unset: http://localhost on the port below (links in emails, CSRF origin checks).
    PORTAL_URL: z.string().url().optional(),
    ADMIN_URL: z.string().url().optional(),
    PORTAL_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    ADMIN_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
    // Where portal, admin and the demo receiver listen: see listen-host.ts (demo mode: 127.0.0.1).
    HOST: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:%-]+$/, 'must be an address to listen on, such as 127.0.0.1, 0.0.0.0 or ::')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    // The demo provisioning receiver `npm start` runs in demo mode (0: any free port).
    DEMO_PROVISIONING_PORT: z.coerce.number().int().min(0).max(65535).default(3009),
    SMTP_URL: z
      .string()
      .url()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    MAIL_FROM: z.string().default('Berth <no-reply@berth.test>'),
    BERTH_DEMO: booleanFlag,
    TRUST_PROXY: booleanFlag,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.BERTH_DEMO) {
      ctx.addIssue({
        code: 'custom',
        path: ['BERTH_DEMO'],
        message: 'demo mode cannot run with NODE_ENV=production',
      })
    }
  })
  .transform((env) => ({
    ...env,
    PORTAL_URL: env.PORTAL_URL ?? `http://localhost:${env.PORTAL_PORT}`,
    ADMIN_URL: env.ADMIN_URL ?? `http://localhost:${env.ADMIN_PORT}/admin`,
  }))

export type Env = z.infer<typeof envSchema>

export class EnvError extends Error {}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`)
  }
  return result.data
}

let cached: Env | undefined
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

export function isProduction(): boolean {
  return (process.env.NODE_ENV ?? 'development') === 'production'
}

export function isDemoMode(): boolean {
  return !isProduction() && (process.env.BERTH_DEMO === '1' || process.env.BERTH_DEMO === 'true')
}
