import { BaseRecord, type ActionContext, type Filter } from 'adminjs'
import { getModelByName, Resource } from '@adminjs/prisma'
import { maskSecrets, toJsonSafe } from '@berth/core'
import type { Db } from '@berth/prisma'
import { loadDmmf } from '@berth/prisma/dmmf'
import { canRunAction } from '../access/action-permissions'

/**
 * The Prisma adapter as the console uses it: reads only. List, show, search and filters read
 * through here; every write goes through an action handler that calls core, so the adapter's own
 * create/update/delete refuse (a generic write would skip validation, permission and audit).
 *
 * On top of @adminjs/prisma:
 * - the full DMMF from our generator (docs/platform-notes.md, workaround 1), never `_baseDmmf`;
 * - `secretFields` are omitted from every query and never become properties (password hashes,
 *   TOTP secrets, encrypted payloads cannot reach a page or the API);
 * - BigInt values leave as strings and JSON columns as pretty-printed text (JSON.stringify throws
 *   on BigInt, and AdminJS would flatten JSON into one property per key), with secret-looking keys
 *   masked at every depth by core's `maskSecrets` (module-call answers, audit before/after, payloads);
 * - text filters are case-insensitive; uuid, enum, number and date filters are validated instead of
 *   reaching Prisma malformed; sorting only by real scalar columns;
 * - `virtualFilters` and `virtuals` add filters and read-only values that are not columns
 *   (a client's owner email, for instance);
 * - linked records are filled in only for a member who may view them (see `findMany`).
 */
export interface BerthResourceConfig<Row extends Record<string, unknown> = Record<string, unknown>> {
  model: string
  secretFields?: readonly string[]
  /** Relations to a model the console has no resource for: shown as their plain key column (currency → currencyCode). */
  plainRelations?: readonly string[]
  /** Prisma `include` for the values `virtuals` derives. */
  include?: Record<string, unknown>
  virtuals?: (row: Row) => Record<string, unknown>
  virtualFilters?: Record<string, (value: string) => Record<string, unknown>>
  /** More key names to mask in a row's JSON columns (a module call's module's secret settings). */
  jsonSecretKeys?: (row: Row) => readonly string[]
  /**
   * The unfiltered list counts at most this many rows and answers `countLimit + 1` ("more than
   * countLimit") beyond them: a walk of the primary key that stops early instead of visiting every
   * row of a huge table. Filtered lists keep exact counts (their filters have indexes).
   * docs/decisions/0039-bounded-list-counts.md. Unset: always exact.
   */
  countLimit?: number
}

const clientModule = { Prisma: { dmmf: loadDmmf() } }

interface DmmfField {
  name: string
  kind: string
  type: string
  isId?: boolean
  isList?: boolean
  isReadOnly?: boolean
  nativeType?: [string, unknown[]] | null
  relationFromFields?: string[]
}

type Where = Record<string, unknown>

/** The part of a Prisma model delegate this adapter reads through. */
interface ReadDelegate {
  findMany(args: object): Promise<Record<string, unknown>[]>
  findUnique(args: object): Promise<Record<string, unknown> | null>
  count(args: object): Promise<number>
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const INTEGER = /^-?\d{1,19}$/

export class ReadOnlyResourceError extends Error {
  constructor(model: string) {
    super(`${model}: generic writes are disabled in the admin console; writes go through core`)
  }
}

export class BerthResource extends Resource {
  private readonly config: BerthResourceConfig
  private readonly fields: Map<string, DmmfField>
  private readonly omit: Record<string, true> | undefined

  constructor(db: Db, config: BerthResourceConfig) {
    const model = getModelByName(config.model, clientModule) as { name: string; fields: DmmfField[] }
    const secrets = new Set(config.secretFields ?? [])
    for (const s of secrets)
      if (!model.fields.some((f) => f.name === s))
        throw new Error(`${config.model}.${s}: no such field to hide`)
    const plain = new Set(config.plainRelations ?? [])
    const plainKeys = new Set(
      model.fields.filter((f) => plain.has(f.name)).flatMap((f) => f.relationFromFields ?? []),
    )
    const visible = {
      ...model,
      fields: model.fields
        .filter((f) => !secrets.has(f.name) && !plain.has(f.name))
        .map((f) => (plainKeys.has(f.name) ? { ...f, isReadOnly: false } : f)),
    }
    super({ model: visible as never, client: db as never, clientModule })
    this.config = config as BerthResourceConfig
    this.fields = new Map(visible.fields.map((f) => [f.name, f]))
    this.omit = secrets.size ? Object.fromEntries([...secrets].map((s) => [s, true as const])) : undefined
  }

  override async count(filter: Filter): Promise<number> {
    const where = this.whereOf(filter)
    const limit = this.config.countLimit
    // Prisma counts `take` rows in primary-key order: an index-only walk of the key that stops early.
    if (limit && Object.keys(where).length === 0) return this.reader.count({ where, take: limit + 1 })
    return this.reader.count({ where })
  }

  override async find(
    filter: Filter,
    params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {},
  ): Promise<BaseRecord[]> {
    const { limit = 10, offset = 0, sort = {} } = params
    const rows: Record<string, unknown>[] = await this.reader.findMany({
      where: this.whereOf(filter),
      skip: Math.max(0, Number(offset) || 0),
      take: Math.min(500, Math.max(1, Number(limit) || 10)),
      orderBy: this.orderOf(sort),
      ...this.shape(),
    })
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this))
  }

  override async findOne(id: string | number): Promise<BaseRecord | null> {
    const key = this.idValue(id)
    if (key === undefined) return null
    const row = await this.reader.findUnique({ where: { [this.idField().name]: key }, ...this.shape() })
    return row ? new BaseRecord(this.prepareReturnValues(row), this) : null
  }

  /**
   * AdminJS's populator fills linked records (an audit event's Staff, a service's Client) into
   * another resource's list, show and edit through this, with the request's context. A member who
   * may not view this resource gets none, so the link stays a bare id and none of the linked
   * record's fields reach them. Calls without a context (our own code) are not filtered.
   */
  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    if (
      context &&
      !canRunAction(context.currentAdmin as { permissions: string[] } | undefined, this.id(), 'show')
    )
      return []
    const keys = ids.map((id) => this.idValue(id)).filter((k) => k !== undefined)
    if (!keys.length) return []
    const rows: Record<string, unknown>[] = await this.reader.findMany({
      where: { [this.idField().name]: { in: keys } },
      ...this.shape(),
    })
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this))
  }

  override async create(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError(this.config.model)
  }

  override async update(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError(this.config.model)
  }

  override async delete(): Promise<void> {
    throw new ReadOnlyResourceError(this.config.model)
  }

  protected override prepareReturnValues(row: Record<string, unknown>): Record<string, unknown> {
    const values = super.prepareReturnValues(row)
    const secretKeys = this.config.jsonSecretKeys?.(row) ?? []
    for (const [key, value] of Object.entries(values)) {
      const field = this.fields.get(key)
      if (typeof value === 'bigint') values[key] = value.toString()
      else if (field?.type === 'Json' && value !== null && value !== undefined)
        values[key] = JSON.stringify(maskSecrets(toJsonSafe(value), { secretKeys }), null, 2)
    }
    return { ...values, ...(this.config.virtuals ? this.config.virtuals(row) : {}) }
  }

  private get reader(): ReadDelegate {
    return this.manager as unknown as ReadDelegate
  }

  private shape(): Record<string, unknown> {
    return {
      ...(this.omit ? { omit: this.omit } : {}),
      ...(this.config.include ? { include: this.config.include } : {}),
    }
  }

  private idField(): DmmfField {
    const field = [...this.fields.values()].find((f) => f.isId)
    if (!field) throw new Error(`${this.config.model} has no id field`)
    return field
  }

  /** The id as Prisma wants it, or undefined when it cannot be one (a malformed URL). */
  private idValue(id: string | number): unknown {
    return this.scalarValue(this.idField(), String(id))
  }

  private scalarValue(field: DmmfField, raw: string): unknown {
    switch (field.type) {
      case 'BigInt':
        return INTEGER.test(raw) ? BigInt(raw) : undefined
      case 'Int':
        return INTEGER.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined
      case 'String':
        return field.nativeType?.[0] === 'Uuid' && !UUID.test(raw) ? undefined : raw
      default:
        return raw
    }
  }

  private orderOf(sort: { sortBy?: string; direction?: string }): Record<string, 'asc' | 'desc'> {
    const direction = sort.direction === 'asc' ? 'asc' : 'desc'
    const field = sort.sortBy ? this.fields.get(sort.sortBy) : undefined
    const isSortable =
      field &&
      !this.config.secretFields?.includes(field.name) &&
      (field.kind === 'scalar' || field.kind === 'enum') &&
      !field.isList &&
      field.type !== 'Json'
    if (isSortable) return { [field.name]: direction }
    // A relation shown as a reference sorts by its foreign key column.
    const fk = field?.relationFromFields?.[0]
    return { [fk ?? this.idField().name]: direction }
  }

  private whereOf(filter: Filter | undefined): Where {
    const and: Where[] = []
    for (const [path, f] of Object.entries(filter?.filters ?? {})) {
      const value: unknown = f.value
      const virtual = this.config.virtualFilters?.[path]
      if (virtual) {
        if (typeof value === 'string' && value.trim()) and.push(virtual(value.trim()))
        continue
      }
      const condition = this.fieldCondition(path, value)
      if (condition === null) return { [this.idField().name]: { in: [] } }
      if (condition) and.push(condition)
    }
    return and.length ? { AND: and } : {}
  }

  /** A where fragment for one filter, undefined to ignore it, null when nothing can match. */
  private fieldCondition(path: string, value: unknown): Where | undefined | null {
    const field = this.fields.get(path)
    if (!field || this.config.secretFields?.includes(path)) return undefined
    if (field.kind === 'object') {
      const fk = field.relationFromFields?.[0]
      const fkField = fk ? this.fields.get(fk) : undefined
      if (!fk || !fkField || typeof value !== 'string') return undefined
      const key = this.scalarValue(fkField, value)
      return key === undefined ? null : { [fk]: key }
    }
    if (field.type === 'DateTime') {
      const range = (typeof value === 'object' && value !== null ? value : {}) as {
        from?: string
        to?: string
      }
      const from = range.from ? new Date(range.from) : undefined
      const to = range.to ? new Date(range.to) : undefined
      const cond: Record<string, Date> = {}
      if (from && !Number.isNaN(from.getTime())) cond.gte = from
      if (to && !Number.isNaN(to.getTime())) cond.lte = to
      return Object.keys(cond).length ? { [path]: cond } : undefined
    }
    if (typeof value !== 'string' || value === '') return undefined
    if (field.kind === 'enum') {
      const property = this.property(path)
      return property?.availableValues()?.includes(value) ? { [path]: value } : null
    }
    switch (field.type) {
      case 'Boolean':
        return value === 'true' || value === 'false' ? { [path]: value === 'true' } : null
      case 'Int':
      case 'BigInt': {
        const n = this.scalarValue(field, value.trim())
        return n === undefined ? null : { [path]: n }
      }
      case 'String': {
        if (field.isList) return { [path]: { has: value } }
        if (field.nativeType?.[0] === 'Uuid') return UUID.test(value) ? { [path]: value } : null
        return { [path]: { contains: value, mode: 'insensitive' } }
      }
      default:
        return undefined
    }
  }
}
