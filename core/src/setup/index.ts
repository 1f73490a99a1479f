export { ensureReferenceData, DEFAULT_CURRENCIES } from './ensure-reference-data'
export { createSuperAdmin } from './create-first-admin'
export { seedDemo, DEMO_LOGINS } from './seed-demo'
export { prepareDatabase } from './prepare-database'
