import pg from 'pg'

/** The same server and credentials as `url`, another database. */
export function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`)
  return `"${name}"`
}

async function withMaintenanceClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(url, 'postgres') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function databaseExists(url: string, name: string): Promise<boolean> {
  return withMaintenanceClient(url, async (c) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    return r.rowCount === 1
  })
}

/** Creates a database, optionally as a copy of a template database (fast for tests). */
export async function createDatabase(url: string, name: string, template?: string): Promise<void> {
  await withMaintenanceClient(url, async (c) => {
    const tpl = template ? ` TEMPLATE ${quoteIdent(template)}` : ''
    await c.query(`CREATE DATABASE ${quoteIdent(name)}${tpl}`)
  })
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await withMaintenanceClient(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  })
}
