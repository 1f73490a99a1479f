export * from './registrar'
export * from './registry'
export { callRegistrar, type CallRegistrarInput } from './call-registrar'
export { SANDBOX_RESERVED_LABELS } from './sandbox'
