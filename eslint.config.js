// One lint setup for every package (flat config). Formatting is Prettier's job, not ESLint's.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import coreModuleBoundaries from './eslint-rules/core-module-boundaries.js'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const readAllowlist = (p) => JSON.parse(readFileSync(here(p), 'utf8'))

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      '**/dist/**',
      '**/.adminjs/**',
      'prisma/src/generated/**',
      '**/.preview/**',
      '.data/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // A module's index.ts is its public API: apps import '@berth/core', never its internals.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@berth/*/src/*', '@berth/core/src/**'],
              message: 'Import a package through its public entry.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Core's modules (decision 0062): another module only through its index.ts, and no import
  // cycles. Known violations are allowlisted per file pair; the lists only shrink.
  {
    files: ['core/src/**/*.ts'],
    plugins: { 'import-x': importX, berth: { rules: { 'core-module-boundaries': coreModuleBoundaries } } },
    settings: {
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: here('./core/tsconfig.json') })],
    },
    rules: {
      'berth/core-module-boundaries': [
        'error',
        {
          root: here('./core/src'),
          groupFolders: ['support'],
          allowlist: readAllowlist('./core/import-boundaries.allowlist.json'),
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
)
