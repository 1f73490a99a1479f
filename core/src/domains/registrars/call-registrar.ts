import { randomUUID } from 'node:crypto'
import type { Prisma } from '@berth/prisma'
import { DomainError, toJsonSafe, maskSecrets, type Ctx } from '../../shared'
import { getRegistrar } from './registry'
import { loadRegistrarSettings } from './settings/load-registrar-settings'
import { RegistrarError, type Registrar, type RegistrarAction, type RegistrarRequest } from './registrar'

/** Parameters of each action, beyond the name (what the Registrar method takes besides RegistrarRequest). */
type ParamsOf<A extends RegistrarAction> = Omit<Parameters<Registrar[A]>[0], keyof RegistrarRequest>
type AnswerOf<A extends RegistrarAction> = Awaited<ReturnType<Registrar[A]>>

export interface CallRegistrarInput<A extends RegistrarAction> {
  registrar: string
  action: A
  /** lower-case ASCII name with its TLD */
  name: string
  params: ParamsOf<A>
  /** the Domain the call is about, when there is one (recorded on ModuleCall and StaffTask) */
  domainId?: string | null
  settings?: Record<string, unknown>
  idempotencyKey?: string
}

/** Never recorded in clear: EPP codes go to and come from registrars. */
const ALWAYS_SECRET = ['eppCode', 'authCode', 'authInfo']

/**
 * Calls one registrar action and records it in ModuleCall (module = registrar name, domainId) the
 * way provisioning calls are recorded: request and answer with secrets masked, success, error,
 * duration, the staff member who asked. An answer of `waiting` (the manual registrar) opens a
 * StaffTask for the domain. A RegistrarError becomes PROVISIONING_FAILED with its message, after
 * the failed call is recorded; the record is written outside the caller's transaction so a
 * failure is kept even when the caller rolls back.
 */
export async function callRegistrar<A extends RegistrarAction>(
  ctx: Ctx,
  input: CallRegistrarInput<A>,
): Promise<AnswerOf<A>> {
  const registrar = getRegistrar(input.registrar)
  const secretKeys = [...ALWAYS_SECRET, ...registrar.secretSettings]
  const request: RegistrarRequest = {
    name: input.name,
    // The staff-configured settings (RegistrarConfig, secrets decrypted) unless the caller passes its own.
    settings: input.settings ?? (await loadRegistrarSettings(ctx.db, registrar.name)),
    idempotencyKey: input.idempotencyKey ?? randomUUID(),
    db: ctx.db,
  }
  const started = performance.now()
  let answer: AnswerOf<A> | undefined
  let failure: RegistrarError | Error | undefined
  try {
    const method = registrar[input.action] as (r: unknown) => Promise<AnswerOf<A>>
    answer = await method.call(registrar, { ...request, ...input.params })
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error))
  }
  const durationMs = Math.round(performance.now() - started)
  const isWaiting =
    !!answer && typeof answer === 'object' && (answer as { status?: unknown }).status === 'waiting'
  await ctx.db.moduleCall.create({
    data: {
      domainId: input.domainId ?? null,
      module: registrar.name,
      action: input.action,
      durationMs,
      staffId: ctx.actor.type === 'staff' ? ctx.actor.staffId : null,
      success: !failure,
      error: failure ? failure.message.slice(0, 2000) : null,
      request: maskSecrets(
        toJsonSafe({ name: input.name, idempotencyKey: request.idempotencyKey, params: input.params }),
        { secretKeys },
      ) as Prisma.InputJsonValue,
      response: (maskSecrets(
        toJsonSafe(
          failure
            ? ((failure as RegistrarError).options?.response ?? {
                code: (failure as RegistrarError).options?.code,
              })
            : wrapAnswer(input.action, answer),
        ),
        { secretKeys },
      ) ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  })
  if (failure) {
    if (failure instanceof RegistrarError)
      throw new DomainError('PROVISIONING_FAILED', `${registrar.displayName}: ${failure.message}`, {
        cause: failure,
      })
    throw failure
  }
  if (isWaiting) {
    const task = (answer as { task: { title: string; description: string } }).task
    await ctx.db.staffTask.create({
      data: {
        kind: `domain.${input.action}`,
        title: task.title,
        description: task.description,
        domainId: input.domainId ?? null,
        data: toJsonSafe({
          registrar: registrar.name,
          action: input.action,
          name: input.name,
          idempotencyKey: request.idempotencyKey,
        }) as Prisma.InputJsonValue,
      },
    })
  }
  return answer as AnswerOf<A>
}

/** EPP codes are read back in getEppCode's value: mask it like a secret-named key. */
function wrapAnswer(action: RegistrarAction, answer: unknown): unknown {
  if (action === 'getEppCode' && answer && typeof answer === 'object' && 'value' in answer)
    return { ...answer, value: undefined, eppCode: (answer as { value: unknown }).value }
  return answer
}
