import { flat, type RecordJSON } from 'adminjs'

/**
 * How the server hands data to a component with a record (docs/decisions/0061-admin-actions.md).
 * Two kinds, never mixed:
 * - form values (masked settings, prices a form edits): flattened into the record's params, the
 *   way AdminJS keeps the params its fields read and post back (`withParams`);
 * - read-only data a component draws (an order's detail, a form's choices): one param holding a
 *   JSON value, not flattened and not a string to parse (`withData` on the server, `readData` in
 *   the component, typed with the loader's own return type through `import type`).
 * This module is bundled with the components: it imports nothing from the server.
 */

/** Params to flatten into a record (form values), as loaders return them. */
export type RecordData = Record<string, unknown>

/** What a value becomes once it crossed JSON: bigints are strings of minor units, dates ISO strings. */
export type Json<T> = T extends bigint | Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends readonly (infer U)[]
      ? readonly Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T

/** The param under which a record action's GET puts what its component reads (`recordAction`'s `load`). */
export const ACTION_DATA = 'actionData'

/** A record's JSON with form values flattened into its params (the way AdminJS keeps params). */
export function withParams(record: RecordJSON, values: RecordData): RecordJSON {
  return {
    ...record,
    params: { ...record.params, ...flat.flatten<RecordData, RecordData>(values) },
  }
}

/** A value as JSON carries it (bigint → string, Date → ISO string), so AdminJS can send it. */
export function jsonValue<T>(value: T): Json<T> {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null',
  ) as Json<T>
}

/** Server: the record with read-only data for a component under `name`, kept whole. */
export function withData(record: RecordJSON, name: string, value: unknown): RecordJSON {
  return { ...record, params: { ...record.params, [name]: jsonValue(value) } }
}

/** Component: the data the server put under `name` (`withData`), or undefined when there is none. */
export function readData<T>(record: RecordJSON | null | undefined, name: string): Json<T> | undefined {
  const value: unknown = record?.params?.[name]
  return value !== null && typeof value === 'object' ? (value as Json<T>) : undefined
}
