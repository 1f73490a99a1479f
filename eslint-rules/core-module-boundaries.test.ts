import path from 'node:path'
import { RuleTester } from 'eslint'
import { afterAll, describe, it } from 'vitest'
// @ts-expect-error: a plain JavaScript rule, loaded by eslint.config.js as it is
import rule from './core-module-boundaries.js'

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only
RuleTester.afterAll = afterAll

const root = path.join(process.cwd(), 'core/src')
const file = (p: string) => path.join(root, p)
const options = (allowlist: string[] = []) => [{ root, groupFolders: ['support'], allowlist }]

new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } }).run(
  'core-module-boundaries',
  rule,
  {
    valid: [
      // another module through its index, in each spelling
      { code: "import { x } from '../billing'", filename: file('services/a.ts'), options: options() },
      { code: "import { x } from '../billing/index'", filename: file('services/a.ts'), options: options() },
      {
        code: "import { x } from '../../billing/index.js'",
        filename: file('services/b/a.ts'),
        options: options(),
      },
      { code: "export * from '../../shared'", filename: file('billing/credit/a.ts'), options: options() },
      // inside a module, any file
      {
        code: "import { x } from '../credit/ledger'",
        filename: file('billing/invoices/a.ts'),
        options: options(),
      },
      { code: "import { x } from './tax/rates'", filename: file('billing/a.ts'), options: options() },
      // a group folder's subfolder is a module with its own index
      { code: "import { x } from '../desk'", filename: file('support/tickets/a.ts'), options: options() },
      { code: "import { x } from './schemas'", filename: file('support/desk/a.ts'), options: options() },
      // packages and paths outside the root are not this rule's business
      { code: "import { z } from 'zod'", filename: file('billing/a.ts'), options: options() },
      {
        code: "import { x } from '../../../tests/fakes/paypal'",
        filename: file('billing/a/b.ts'),
        options: options(),
      },
      {
        code: "import { x } from '../../x'",
        filename: path.join(process.cwd(), 'admin/src/a.ts'),
        options: options(),
      },
      // an allowlisted pair that is still there
      {
        code: "import { x } from '../billing/credit/ledger'",
        filename: file('services/a.ts'),
        options: options(['services/a -> billing/credit/ledger']),
      },
    ],
    invalid: [
      {
        code: "import { x } from '../billing/credit/ledger'",
        filename: file('services/a.ts'),
        options: options(),
        errors: [
          {
            messageId: 'deepImport',
            data: { source: '../billing/credit/ledger', module: 'billing', entry: '../billing' },
          },
        ],
      },
      {
        code: "export { x } from '../../shared/context'\nexport * from '../../audit/record.js'",
        filename: file('billing/credit/a.ts'),
        options: options(),
        errors: [
          {
            messageId: 'deepImport',
            data: { source: '../../shared/context', module: 'shared', entry: '../../shared' },
          },
          {
            messageId: 'deepImport',
            data: { source: '../../audit/record.js', module: 'audit', entry: '../../audit' },
          },
        ],
      },
      {
        code: "const m = await import('../provisioning/run-module-call')",
        filename: file('services/a.ts'),
        options: options(),
        errors: [{ messageId: 'deepImport' }],
      },
      {
        code: "import { x } from '../desk/schemas'",
        filename: file('support/tickets/a.ts'),
        options: options(),
        errors: [
          {
            messageId: 'deepImport',
            data: { source: '../desk/schemas', module: 'support/desk', entry: '../desk' },
          },
        ],
      },
      {
        // the package entry uses module indexes too
        code: "export { prepareDatabase } from './setup/prepare-database'",
        filename: file('index.ts'),
        options: options(),
        errors: [
          {
            messageId: 'deepImport',
            data: { source: './setup/prepare-database', module: 'setup', entry: 'setup' },
          },
        ],
      },
      {
        // an allowlist entry covers one file pair, not the module pair
        code: "import { x } from '../billing/credit/ledger'\nimport { y } from '../billing/credit/other'",
        filename: file('services/a.ts'),
        options: options(['services/a -> billing/credit/ledger']),
        errors: [{ messageId: 'deepImport', line: 2 }],
      },
      {
        // an entry whose import is gone must leave the list
        code: "import { x } from '../billing'",
        filename: file('services/a.ts'),
        options: options(['services/a -> billing/credit/ledger']),
        errors: [{ messageId: 'staleEntry', data: { entry: 'services/a -> billing/credit/ledger' } }],
      },
    ],
  },
)
