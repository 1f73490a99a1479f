// Registrar module settings (RegistrarConfig): stored sealed, shown masked, loaded for callRegistrar.
export { loadRegistrarSettings } from './load-registrar-settings'
export {
  listRegistrarConfigs,
  testRegistrarConnection,
  updateRegistrarConfig,
  updateRegistrarConfigInput,
  type RegistrarConfigView,
  type RegistrarFieldView,
} from './manage-registrar-configs'
