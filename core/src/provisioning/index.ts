// Provisioning's public API: the module port and registry, servers, module calls and staff tasks.
export {
  MODULE_ACTIONS,
  ModuleError,
  type ModuleAction,
  type ModuleOutcome,
  type ModuleRequest,
  type ModuleServer,
  type ProvisioningModule,
  type ConnectionResult,
} from './module'
export {
  PROVISIONING_MODULES,
  getProvisioningModule,
  listProvisioningModules,
  isModuleName,
} from './registry'
export {
  prepareModuleSettings,
  readModuleSettings,
  maskModuleSettings,
  moduleSecretSettings,
} from './module-settings'
export {
  SIGNATURE_HEADER,
  EVENT_HEADER,
  signatureHeader,
  verifySignatureHeader,
} from './modules/webhook/signature'
export {
  createServerGroup,
  updateServerGroup,
  deleteServerGroup,
  createServer,
  updateServer,
  deleteServer,
  listServers,
  getServer,
  selectServer,
  serverInput,
  updateServerInput,
  serverGroupInput,
  loadModuleServer,
} from './manage-servers'
export { ALLOW_PRIVATE_SETTING, allowsPrivateTargets, assertProductWebhookTarget } from './webhook-target'
export {
  requestModuleCall,
  moduleCallJobSchema,
  MODULE_CALL_RETRY,
  type ModuleCallJob,
} from './request-module-call'
export { findOpenModuleCall, assertNoOpenModuleCall, type OpenModuleCall } from './open-module-call'
export { listModuleCalls } from './list-module-calls'
export { testServerConnection, testProductConnection } from './test-connection'
export {
  connectDemoProvisioning,
  isDemoProvisioningUrl,
  DEMO_PROVISIONING_PATH,
  DEMO_PROVISIONING_DEFAULT_PORT,
  DEMO_PROVISIONING_URL,
  type DemoProvisioningTargets,
} from './demo-provisioning'
