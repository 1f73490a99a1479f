export { createAdminApp, ADMIN_COOKIE, type AdminAppOptions } from './app'
export { ACTION_PERMISSIONS, PAGE_PERMISSIONS, permissionFor } from './access/action-permissions'
