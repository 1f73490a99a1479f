#!/usr/bin/env node
// A tiny Prisma generator that writes the full DMMF datamodel to JSON. Prisma 7's client no longer
// carries it, and @adminjs/prisma needs it (isId, relations, enums). See docs/decisions.
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { generatorHandler } = require('@prisma/generator-helper')

generatorHandler({
  onManifest: () => ({ prettyName: 'Berth DMMF (for AdminJS)', defaultOutput: './dmmf.json' }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value
    if (!output) throw new Error('dmmf generator: no output path')
    writeFileSync(output, JSON.stringify({ datamodel: options.dmmf.datamodel }))
  },
})
