// `npm run db:migrate`: applies migrations, job queues and reference data to DATABASE_URL (no demo data).
import { prepareDatabase } from '@berth/core'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set')
  process.exit(2)
}
const result = await prepareDatabase(url, { demo: false, log: (l) => console.log(l) })
console.log(`database ready: ${result.migrationsApplied} migration(s) applied`)
