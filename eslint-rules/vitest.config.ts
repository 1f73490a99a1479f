import { defineConfig } from 'vitest/config'

// The lint rules' own tests (no database): `npx vitest run --config eslint-rules/vitest.config.ts`.
export default defineConfig({ test: { include: ['eslint-rules/**/*.test.ts'] } })
