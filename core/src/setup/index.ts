export { ensureReferenceData, DEFAULT_CURRENCIES } from './ensure-reference-data'
export { createSuperAdmin } from './create-first-admin'
export { seedDemo, DEMO_LOGINS } from './seed-demo'
export {
  connectDemoProvisioning,
  isDemoProvisioningUrl,
  DEMO_PROVISIONING_PATH,
  DEMO_PROVISIONING_DEFAULT_PORT,
  DEMO_PROVISIONING_URL,
  type DemoProvisioningTargets,
} from './demo-provisioning'
export { prepareDatabase } from './prepare-database'
