import { z } from 'zod'
import type { ModuleAction, ModuleOutcome, ModuleRequest, ProvisioningModule } from '../../module'

/**
 * The manual module: each action becomes a staff to-do (StaffTask). The service keeps its state
 * until a member of staff completes the task (completeStaffTask), which completes the action:
 * e.g. they set the account up by hand, type in the login details, and the service becomes active.
 */
export const manualSettingsSchema = z.object({
  instructions: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('Added to every to-do this product opens: what staff should do by hand.'),
})

const VERBS: Record<ModuleAction, string> = {
  create: 'Set up',
  suspend: 'Suspend',
  unsuspend: 'Unsuspend',
  terminate: 'Terminate',
  changePackage: 'Change the package of',
}

function task(action: ModuleAction, request: ModuleRequest): ModuleOutcome {
  const settings = manualSettingsSchema.parse(request.settings)
  const who = request.client.companyName ?? `${request.client.firstName} ${request.client.lastName}`
  const target = `${request.product.name}${request.service.domain ? ` (${request.service.domain})` : ''}`
  const lines = [
    `${VERBS[action]} ${target} for ${who} <${request.client.email}>.`,
    ...(request.options.length
      ? [
          'Options:',
          ...request.options.map(
            (o) =>
              `- ${o.name}: ${o.value}${o.quantity > 1 && o.value !== String(o.quantity) ? ` × ${o.quantity}` : ''}`,
          ),
        ]
      : []),
    ...(typeof request.params.reason === 'string' ? [`Reason: ${request.params.reason}`] : []),
    ...(settings.instructions ? ['', settings.instructions] : []),
  ]
  return {
    status: 'waiting',
    task: { title: `${VERBS[action]} ${target}`, description: lines.join('\n') },
    request: { action, idempotencyKey: request.idempotencyKey },
    response: { waitingFor: 'staff' },
  }
}

export const manualModule: ProvisioningModule<typeof manualSettingsSchema> = {
  name: 'manual',
  displayName: 'Manual (staff to-do)',
  description: 'Creates a to-do for staff for each action; completing it completes the action.',
  settingsSchema: manualSettingsSchema,
  secretSettings: [],
  usesServer: false,
  create: async (r) => task('create', r),
  suspend: async (r) => task('suspend', r),
  unsuspend: async (r) => task('unsuspend', r),
  terminate: async (r) => task('terminate', r),
  changePackage: async (r) => task('changePackage', r),
  testConnection: async () => ({ ok: true, message: 'The manual module has nothing to connect to.' }),
}
