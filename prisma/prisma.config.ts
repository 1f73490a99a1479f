import { defineConfig } from 'prisma/config'

// `prisma generate` needs no database; migrate commands (for users with internet) use DATABASE_URL.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/berth' },
})
