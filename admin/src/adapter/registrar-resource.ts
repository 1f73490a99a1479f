import { BaseProperty, BaseRecord, BaseResource, type Filter, type PropertyType } from 'adminjs'
import { REGISTRARS } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ReadOnlyResourceError } from './berth-resource'

/**
 * Registrar modules as the console lists them: every adapter of core's registry (one folder each)
 * with its RegistrarConfig row when staff have configured it, so a registrar nobody has set up yet
 * is listed too. Read-only, like GatewayResource: the id is the folder name; the sealed settings
 * are never read here (show and edit ask core, which masks secrets); writes go through core.
 */
const PROPERTIES: Array<[string, PropertyType, boolean?]> = [
  ['registrar', 'string', true],
  ['displayName', 'string'],
  ['description', 'string'],
  ['isTestMode', 'boolean'],
  ['tldCount', 'number'],
  ['updatedAt', 'datetime'],
]

export class RegistrarResource extends BaseResource {
  private readonly props: BaseProperty[]

  constructor(private readonly db: Db) {
    super()
    this.props = PROPERTIES.map(
      ([path, type, isId], position) =>
        new BaseProperty({ path, type, isId: isId ?? false, isSortable: true, position }),
    )
  }

  override databaseName(): string {
    return 'berth'
  }

  override databaseType(): string {
    return 'registrar-registry'
  }

  override id(): string {
    return 'RegistrarConfig'
  }

  override properties(): BaseProperty[] {
    return this.props
  }

  override property(path: string): BaseProperty | null {
    return this.props.find((p) => p.path() === path) ?? null
  }

  private async rows(): Promise<Record<string, unknown>[]> {
    const [saved, tlds] = await Promise.all([
      this.db.registrarConfig.findMany({ select: { registrar: true, isTestMode: true, updatedAt: true } }),
      this.db.tld.groupBy({ by: ['registrar'], _count: { _all: true } }),
    ])
    const rows = new Map(saved.map((r) => [r.registrar, r]))
    const counts = new Map(tlds.map((t) => [t.registrar, t._count._all]))
    return Object.values(REGISTRARS).map((r) => ({
      registrar: r.name,
      displayName: r.displayName,
      description: r.description,
      isTestMode: rows.get(r.name)?.isTestMode ?? true,
      tldCount: counts.get(r.name) ?? 0,
      updatedAt: rows.get(r.name)?.updatedAt ?? null,
    }))
  }

  override async count(filter: Filter): Promise<number> {
    return (await this.matching(filter)).length
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number } = {},
  ): Promise<BaseRecord[]> {
    const rows = await this.matching(filter)
    const offset = Math.max(0, Number(options.offset) || 0)
    const limit = Math.max(1, Number(options.limit) || 10)
    return rows.slice(offset, offset + limit).map((r) => new BaseRecord(r, this))
  }

  override async findOne(id: string): Promise<BaseRecord | null> {
    const row = (await this.rows()).find((r) => r.registrar === String(id))
    return row ? new BaseRecord(row, this) : null
  }

  override async findMany(ids: Array<string | number>): Promise<BaseRecord[]> {
    const wanted = new Set(ids.map(String))
    return (await this.rows())
      .filter((r) => wanted.has(String(r.registrar)))
      .map((r) => new BaseRecord(r, this))
  }

  override async create(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError('RegistrarConfig')
  }

  override async update(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError('RegistrarConfig')
  }

  override async delete(): Promise<void> {
    throw new ReadOnlyResourceError('RegistrarConfig')
  }

  /** Text filters on the id and names. */
  private async matching(filter: Filter | undefined): Promise<Record<string, unknown>[]> {
    const rows = await this.rows()
    const filters = Object.entries(filter?.filters ?? {})
    return rows.filter((row) =>
      filters.every(([path, f]) => {
        const value = typeof f.value === 'string' ? f.value.trim().toLowerCase() : ''
        if (!value || !this.property(path)) return true
        return String(row[path] ?? '')
          .toLowerCase()
          .includes(value)
      }),
    )
  }
}
