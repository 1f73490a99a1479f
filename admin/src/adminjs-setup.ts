import { fileURLToPath } from 'node:url'

/**
 * Imported before anything that loads AdminJS. AdminJS reads ADMIN_JS_TMP_DIR once, on first
 * import, and resolves it against the working directory; pinning it to admin/.adminjs means the
 * component bundle is written and served from one place whether Berth starts from the repository
 * root (npm start) or from admin/ (npm start -w @berth/admin). Not a dot-free path on purpose:
 * Express 4's `send` serves it; Express 5 would not (docs/platform-notes.md).
 */
process.env.ADMIN_JS_TMP_DIR ??= fileURLToPath(new URL('../.adminjs', import.meta.url))
