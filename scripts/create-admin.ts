// `npm run create-admin`: creates a Super admin, the way into a production installation.
// Asks for the details (password hidden), or takes --email, --first-name, --last-name and the
// password from BERTH_ADMIN_PASSWORD (for scripts). Uses DATABASE_URL, or the embedded database.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { createSuperAdmin, isDomainError, prepareDatabase } from '@berth/core'
import { createPrismaClient } from '@berth/prisma'
import { startLocalDatabase } from './lib/local-database'

const { values } = parseArgs({
  options: { email: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' } },
})

async function ask(question: string, hidden = false): Promise<string> {
  if (!process.stdin.isTTY)
    throw new Error(
      `${question.trim()} is needed: pass it as an option (see the top of scripts/create-admin.ts)`,
    )
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  if (hidden) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void }
    const write = out._writeToOutput.bind(rl)
    out._writeToOutput = (s: string) => write(s.startsWith(question) ? s : '')
  }
  const answer = await rl.question(question)
  rl.close()
  if (hidden) process.stdout.write('\n')
  return answer.trim()
}

let stop: (() => Promise<void>) | undefined
let url = process.env.DATABASE_URL
if (!url) {
  const local = await startLocalDatabase(() => {})
  stop = () => local.server.stop()
  url = local.url
}
try {
  await prepareDatabase(url, { demo: false })
  const email = values.email ?? (await ask('Email: '))
  const firstName = values['first-name'] ?? (await ask('First name: '))
  const lastName = values['last-name'] ?? (await ask('Last name: '))
  const password =
    process.env.BERTH_ADMIN_PASSWORD ?? (await ask('Password (at least 10 characters): ', true))
  const db = createPrismaClient(url, { max: 1 })
  try {
    const staff = await createSuperAdmin(db, { email, firstName, lastName, password })
    console.log(`Created Super admin ${staff.email}.`)
  } finally {
    await db.$disconnect()
  }
} catch (error) {
  if (isDomainError(error)) {
    for (const issue of error.issues.length ? error.issues : [{ field: 'form', message: error.message }])
      console.error(`${issue.field}: ${issue.message}`)
  } else {
    console.error((error as Error).message)
  }
  process.exitCode = 1
} finally {
  await stop?.()
}
