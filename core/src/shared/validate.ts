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

/**
 * A schema without its `.default()`: for update inputs. Zod 4 applies a default even inside
 * `.optional()`, so an update built from create-time fields would silently reset every omitted
 * field to its default (un-hiding a product group, re-activating a server).
 */
export function withoutDefault<S extends z.ZodType>(schema: S): S {
  return (schema instanceof z.ZodDefault ? schema.unwrap() : schema) as S
}

/** `object.partial()` for updates: every field optional, and no defaults filled in for omitted ones. */
export function partialUpdate<T extends z.ZodRawShape>(
  object: z.ZodObject<T>,
): ReturnType<z.ZodObject<T>['partial']> {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(object.shape))
    shape[key] = withoutDefault(field as z.ZodType).optional()
  return z.object(shape) as unknown as ReturnType<z.ZodObject<T>['partial']>
}
