import { z } from 'zod'
import { DomainError, type FieldIssue } from './domain-error'

/** Parses input with a zod schema, or throws VALIDATION_FAILED naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : 'form',
    message: issue.message,
  }))
  const first = issues[0]
  throw new DomainError('VALIDATION_FAILED', first ? first.message : 'Invalid input', {
    issues,
    ...(first ? { field: first.field } : {}),
  })
}
