import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The full DMMF datamodel written by our generator (src/dmmf-generator.mjs) at `prisma generate`.
 * @adminjs/prisma needs it and Prisma 7's client no longer carries it (docs/platform-notes.md, workaround 1).
 */
export interface DmmfDatamodel {
  models: { name: string; fields: unknown[] }[]
  enums: { name: string; values: { name: string }[] }[]
}

let cached: { datamodel: DmmfDatamodel } | undefined
export function loadDmmf(): { datamodel: DmmfDatamodel } {
  cached ??= JSON.parse(readFileSync(fileURLToPath(new URL('../dmmf.json', import.meta.url)), 'utf8')) as {
    datamodel: DmmfDatamodel
  }
  return cached
}
