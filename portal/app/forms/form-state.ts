/** What an action answers when it refuses a form; components read it through useActionData. */
export interface FormRefusal<I extends string = string> {
  ok: false
  intent: I | null
  formError: string | null
  fieldErrors: Record<string, string>
  values: Record<string, string>
}

export interface FormSuccess<I extends string = string> {
  ok: true
  intent: I | null
  message: string
}

export type FormOutcome<I extends string = string> = FormRefusal<I> | FormSuccess<I>

/** The refusal meant for this form (pages with several forms tell them apart by intent). */
export function refusalFor<I extends string>(
  outcome: FormOutcome<I> | undefined,
  intent: I | null = null,
): FormRefusal<I> | undefined {
  if (!outcome || outcome.ok || outcome.intent !== intent) return undefined
  return outcome
}
