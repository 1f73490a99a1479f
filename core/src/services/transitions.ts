import type { ServiceStatus } from '@berth/prisma'
import type { ModuleAction } from '../provisioning'
import { DomainError } from '../shared'

/**
 * The service lifecycle: which transition may leave which state, where it lands, and the
 * provisioning module action it needs (docs/decisions/0018-service-lifecycle-and-provisioning.md).
 *
 *   PENDING   --activate-->  ACTIVE       (module: create)
 *   ACTIVE    --suspend--->  SUSPENDED    (module: suspend)
 *   SUSPENDED --unsuspend->  ACTIVE       (module: unsuspend)
 *   ACTIVE | SUSPENDED --terminate--> TERMINATED (module: terminate)
 *   PENDING | ACTIVE | SUSPENDED --cancel--> CANCELLED (module: terminate, except from PENDING)
 *   PENDING   --fraud----->  FRAUD        (no module call)
 *
 * TERMINATED, CANCELLED and FRAUD are final. A transition that needs a module call is requested,
 * runs in the `provisioning.call` job, and lands only when the module succeeds.
 */
export type ServiceTransition = 'activate' | 'suspend' | 'unsuspend' | 'terminate' | 'cancel' | 'fraud'

export interface TransitionRule {
  from: readonly ServiceStatus[]
  to: ServiceStatus
  /** the module action, by the state it leaves (none: the transition lands at once) */
  module: (from: ServiceStatus) => ModuleAction | null
  verb: string
}

export const SERVICE_TRANSITIONS: Record<ServiceTransition, TransitionRule> = {
  activate: { from: ['PENDING'], to: 'ACTIVE', module: () => 'create', verb: 'activated' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', module: () => 'suspend', verb: 'suspended' },
  unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE', module: () => 'unsuspend', verb: 'unsuspended' },
  terminate: {
    from: ['ACTIVE', 'SUSPENDED'],
    to: 'TERMINATED',
    module: () => 'terminate',
    verb: 'terminated',
  },
  cancel: {
    from: ['PENDING', 'ACTIVE', 'SUSPENDED'],
    to: 'CANCELLED',
    module: (from) => (from === 'PENDING' ? null : 'terminate'),
    verb: 'cancelled',
  },
  fraud: { from: ['PENDING'], to: 'FRAUD', module: () => null, verb: 'marked as fraud' },
}

export const SERVICE_TRANSITION_NAMES = Object.keys(SERVICE_TRANSITIONS) as ServiceTransition[]

export function canTransition(from: ServiceStatus, transition: ServiceTransition): boolean {
  return SERVICE_TRANSITIONS[transition].from.includes(from)
}

/** The transitions allowed from a state, for buttons. */
export function allowedTransitions(from: ServiceStatus): ServiceTransition[] {
  return SERVICE_TRANSITION_NAMES.filter((t) => canTransition(from, t))
}

const HINTS: Partial<Record<`${ServiceTransition}:${ServiceStatus}`, string>> = {
  'activate:ACTIVE': 'This service is already active.',
  'activate:SUSPENDED': 'A suspended service is not activated again: unsuspend it.',
  'suspend:SUSPENDED': 'This service is already suspended.',
  'suspend:PENDING':
    'A pending service has not been set up yet: there is nothing to suspend. Cancel it instead.',
  'unsuspend:ACTIVE': 'This service is not suspended.',
  'unsuspend:PENDING': 'A pending service is activated, not unsuspended.',
  'terminate:PENDING': 'A pending service has nothing to terminate: cancel it instead.',
}

export function assertTransition(from: ServiceStatus, transition: ServiceTransition): TransitionRule {
  const rule = SERVICE_TRANSITIONS[transition]
  if (rule.from.includes(from)) return rule
  const hint = HINTS[`${transition}:${from}`]
  const final = from === 'TERMINATED' || from === 'CANCELLED' || from === 'FRAUD'
  const message =
    hint ??
    (final
      ? `This service is ${from.toLowerCase()}: it cannot be ${rule.verb} any more.`
      : `A ${from.toLowerCase()} service cannot be ${rule.verb}.`)
  throw new DomainError('INVALID_TRANSITION', message)
}
