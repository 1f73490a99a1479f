import type { z } from 'zod'

/**
 * The ProvisioningModule port: what Berth asks of the system that actually hosts a service (a
 * control panel, a hypervisor, a SaaS backend, or a person). Each module is one folder under
 * ./modules/<name>/ exporting a ProvisioningModule, listed in ./registry.ts.
 *
 * Modules never touch the database: they get everything they need in a ModuleRequest and answer
 * with a ModuleOutcome (or throw ModuleError). The runner (services/run-module-call.ts) records every
 * call in ModuleCall and applies the outcome to the service.
 */
export type ModuleAction = 'create' | 'suspend' | 'unsuspend' | 'terminate' | 'changePackage'

export const MODULE_ACTIONS: readonly ModuleAction[] = [
  'create',
  'suspend',
  'unsuspend',
  'terminate',
  'changePackage',
]

/** The server a service lives on (from its server group), with its credentials decrypted. */
export interface ModuleServer {
  id: string
  name: string
  hostname: string
  ipAddress: string | null
  port: number | null
  useTls: boolean
  username: string | null
  /** decrypted credentials (password, apiToken, secret...) */
  credentials: Record<string, string>
  settings: Record<string, unknown>
}

export interface ModuleRequest {
  action: ModuleAction
  /** the same for every retry of one requested action: a host can use it to de-duplicate */
  idempotencyKey: string
  /** the product's module settings, secrets decrypted, validated by the module's schema */
  settings: Record<string, unknown>
  server: ModuleServer | null
  service: {
    id: string
    status: string
    domain: string | null
    billingCycle: string
    username: string | null
    /** decrypted, for unsuspend/terminate on systems that need it; never logged */
    password: string | null
    registrationDate: string
    nextDueDate: string | null
    recurringAmount: string
    currency: string
  }
  client: {
    id: string
    companyName: string | null
    firstName: string
    lastName: string
    email: string
    country: string
  }
  product: { id: string; name: string; slug: string; type: string }
  /** configurable options by their module key (or name) */
  options: { key: string; name: string; value: string; quantity: number }[]
  /** action parameters: { reason } for suspend, { previousProduct } for changePackage */
  params: Record<string, unknown>
  /** the setting provisioning.allowPrivateWebhookTargets: when not true, a host name resolving to a private address is not called */
  allowPrivateTargets?: boolean
}

export type ModuleOutcome =
  | {
      status: 'done'
      /** login details and ids to keep on the service */
      username?: string
      password?: string
      dedicatedIp?: string
      data?: Record<string, unknown>
      /** what was sent and what came back, for the ModuleCall log (no secrets) */
      request?: unknown
      response?: unknown
    }
  | {
      /** the action is handed to a person: a StaffTask is opened and the action completes with it */
      status: 'waiting'
      task: { title: string; description: string }
      request?: unknown
      response?: unknown
    }

/** A call that failed; `retryable` = false for answers a retry cannot change (bad settings, 4xx). */
export class ModuleError extends Error {
  override readonly name = 'ModuleError'
  readonly retryable: boolean
  readonly request: unknown
  readonly response: unknown
  constructor(
    message: string,
    options: { retryable?: boolean; request?: unknown; response?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.retryable = options.retryable ?? true
    this.request = options.request
    this.response = options.response
  }
}

export interface ConnectionTarget {
  settings: Record<string, unknown>
  server: ModuleServer | null
  /** as in ModuleRequest */
  allowPrivateTargets?: boolean
}

export interface ConnectionResult {
  ok: boolean
  message: string
  durationMs?: number
}

export interface ProvisioningModule<
  S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> {
  /** the folder name, stored in Product.provisioningModule and Server.module */
  name: string
  displayName: string
  description: string
  /** the product's settings for this module */
  settingsSchema: S
  /** setting keys that are secrets: stored encrypted, shown masked, never logged */
  secretSettings: readonly string[]
  /** whether the module needs a server (from the product's server group) */
  usesServer: boolean
  create(request: ModuleRequest): Promise<ModuleOutcome>
  suspend(request: ModuleRequest): Promise<ModuleOutcome>
  unsuspend(request: ModuleRequest): Promise<ModuleOutcome>
  terminate(request: ModuleRequest): Promise<ModuleOutcome>
  changePackage(request: ModuleRequest): Promise<ModuleOutcome>
  testConnection(target: ConnectionTarget): Promise<ConnectionResult>
}
