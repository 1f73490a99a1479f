// Prepares a database for development: migrations, job queues, reference data and the demo seed.
// Usage: DATABASE_URL=postgresql://... npx tsx scripts/prepare-db.ts [--no-demo]
import { prepareDatabase } from '@berth/core'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is not set')
  process.exit(2)
}
const result = await prepareDatabase(url, {
  demo: !process.argv.includes('--no-demo'),
  log: (l) => console.log(l),
})
console.log(`ready: ${result.migrationsApplied} migration(s) applied, demo seeded: ${result.demoSeeded}`)
