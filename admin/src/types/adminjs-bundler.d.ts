// adminjs ships no types for its "adminjs/bundler" entry; only what the console uses.
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs'
  export const ADMIN_JS_TMP_DIR: string
  export const COMPONENTS_OUTPUT_PATH: string
  export const componentsBundler: {
    createEntry(options: { content: string; dir?: string }): Promise<void>
    build(): Promise<void>
  }
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string
}
