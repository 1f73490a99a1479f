import { DomainError } from '../shared'
import type { ProvisioningModule } from './module'
import { manualModule } from './modules/manual'
import { webhookModule } from './modules/webhook'

/** Every provisioning module, by folder name. Adding a module = adding its folder and one line here. */
export const PROVISIONING_MODULES: Record<string, ProvisioningModule> = {
  manual: manualModule,
  webhook: webhookModule,
}

export function isModuleName(name: string): boolean {
  return Object.hasOwn(PROVISIONING_MODULES, name)
}

export function getProvisioningModule(name: string, field = 'provisioningModule'): ProvisioningModule {
  const module = Object.hasOwn(PROVISIONING_MODULES, name) ? PROVISIONING_MODULES[name] : undefined
  if (!module) throw new DomainError('VALIDATION_FAILED', `Unknown provisioning module "${name}".`, { field })
  return module
}

/** For select boxes: name and display name of each module. */
export function listProvisioningModules(): {
  name: string
  displayName: string
  description: string
  secretSettings: readonly string[]
}[] {
  return Object.values(PROVISIONING_MODULES).map((m) => ({
    name: m.name,
    displayName: m.displayName,
    description: m.description,
    secretSettings: m.secretSettings,
  }))
}
