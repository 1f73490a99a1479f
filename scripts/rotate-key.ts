// `npm run rotate-key`: re-encrypts every secret kept in the database under a new key, in one
// transaction (decision 0026). The current key comes from ENCRYPTION_KEY (and ENCRYPTION_KEY_PREVIOUS
// when set), the new one from NEW_ENCRYPTION_KEY (make one with `openssl rand -hex 32`). Uses
// DATABASE_URL, or the embedded database of `npm start`; then its key in .data/secrets.json is
// replaced too, unless ENCRYPTION_KEY was given. Safe to run again: values already under the new
// key are left alone. Stop portal, admin and worker first, or run them with ENCRYPTION_KEY set to
// the new key and ENCRYPTION_KEY_PREVIOUS to the old one while this runs.
import { EncryptionError, parseEncryptionKey, rotateEncryptionKey, type EncryptionKey } from '@berth/core'
import { createPrismaClient } from '@berth/prisma'
import { localSecrets, saveLocalEncryptionKey, startLocalDatabase } from './lib/local-database'

const say = (line: string) => console.log(`[rotate-key] ${line}`)
const isProduction = process.env.NODE_ENV === 'production'

function keyFrom(
  name: 'ENCRYPTION_KEY' | 'ENCRYPTION_KEY_PREVIOUS' | 'NEW_ENCRYPTION_KEY',
  value: string | undefined,
): EncryptionKey | null {
  return value ? parseEncryptionKey(value, name) : null
}

let stop: (() => Promise<void>) | undefined
try {
  const target = keyFrom('NEW_ENCRYPTION_KEY', process.env.NEW_ENCRYPTION_KEY)
  if (!target)
    throw new EncryptionError(
      'NEW_ENCRYPTION_KEY is required: the key to re-encrypt with, 32 bytes written as 64 hexadecimal characters (openssl rand -hex 32)',
    )
  const usesLocalKey = !process.env.ENCRYPTION_KEY && !isProduction
  const current = keyFrom(
    'ENCRYPTION_KEY',
    process.env.ENCRYPTION_KEY ?? (isProduction ? undefined : localSecrets().ENCRYPTION_KEY),
  )
  if (!current)
    throw new EncryptionError('ENCRYPTION_KEY is required: the key the secrets are encrypted with now')
  const previous = keyFrom('ENCRYPTION_KEY_PREVIOUS', process.env.ENCRYPTION_KEY_PREVIOUS)

  let url = process.env.DATABASE_URL
  if (!url) {
    if (isProduction) throw new Error('DATABASE_URL is required with NODE_ENV=production')
    const local = await startLocalDatabase(() => {})
    stop = () => local.server.stop()
    url = local.url
    say(`no DATABASE_URL: using the embedded PostgreSQL (data in ${local.server.dataDir})`)
  }
  const from = previous ? [current, previous] : [current]
  say(
    `re-encrypting every secret from key ${from.map((k) => k.id).join(' and ')} to key ${target.id}, in one transaction`,
  )
  const db = createPrismaClient(url, { max: 1 })
  try {
    const tables = await db.$queryRaw<
      { migrated: boolean }[]
    >`SELECT to_regclass('"GatewayConfig"') IS NOT NULL AS migrated`
    if (!tables[0]?.migrated)
      throw new Error(
        'this database has no Berth tables yet (run npm run db:migrate or npm start first): nothing to re-encrypt',
      )
    const result = await rotateEncryptionKey(db, { from, to: target, onProgress: (line) => say(`  ${line}`) })
    if (result.reencrypted === 0) say(`nothing to do: every secret is already under key ${target.id}`)
    else
      say(
        `done: ${result.reencrypted} value(s) re-encrypted under key ${target.id} (audited as security.encryption-key.rotate)`,
      )
  } finally {
    await db.$disconnect()
  }
  if (usesLocalKey) {
    say(
      `saved the new key in ${saveLocalEncryptionKey(process.env.NEW_ENCRYPTION_KEY!)}: npm start uses it from now on`,
    )
  } else if (target.id !== current.id || previous) {
    say(
      'now set ENCRYPTION_KEY to the new key (the value of NEW_ENCRYPTION_KEY) wherever Berth runs, remove ENCRYPTION_KEY_PREVIOUS, and restart portal, admin and worker',
    )
  }
} catch (error) {
  console.error(`[rotate-key] ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await stop?.()
}
