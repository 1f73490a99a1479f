import { BaseProperty, BaseRecord, BaseResource, type Filter, type PropertyType } from 'adminjs'
import { GATEWAYS, isProduction } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ReadOnlyResourceError } from './berth-resource'

/**
 * Payment gateways as the console lists them: every adapter of core's registry (one folder each),
 * with its GatewayConfig row when staff have configured it, so a gateway nobody has set up yet is
 * listed too. The demo-only test gateway is absent in production mode. Read-only: the id is the
 * gateway's folder name; the encrypted settings column is never read here (the edit and show
 * handlers ask core, which masks secrets). Writes go through core's updateGatewayConfig.
 */
const PROPERTIES: Array<[string, PropertyType, boolean?]> = [
  ['gateway', 'string', true],
  ['displayName', 'string'],
  ['adapterName', 'string'],
  ['isEnabled', 'boolean'],
  ['isTestMode', 'boolean'],
  ['isDemoOnly', 'boolean'],
  ['sortOrder', 'number'],
  ['updatedAt', 'datetime'],
]

export class GatewayResource extends BaseResource {
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
    return 'gateway-registry'
  }

  override id(): string {
    return 'GatewayConfig'
  }

  override properties(): BaseProperty[] {
    return this.props
  }

  override property(path: string): BaseProperty | null {
    return this.props.find((p) => p.path() === path) ?? null
  }

  private async rows(): Promise<Record<string, unknown>[]> {
    const saved = new Map(
      (
        await this.db.gatewayConfig.findMany({
          select: {
            gateway: true,
            displayName: true,
            isEnabled: true,
            isTestMode: true,
            sortOrder: true,
            updatedAt: true,
          },
        })
      ).map((r) => [r.gateway, r]),
    )
    return Object.values(GATEWAYS)
      .filter((g) => !(g.isDemoOnly && isProduction()))
      .map((g) => {
        const row = saved.get(g.id)
        return {
          gateway: g.id,
          adapterName: g.displayName,
          displayName: row?.displayName ?? g.displayName,
          isEnabled: row?.isEnabled ?? false,
          isTestMode: row?.isTestMode ?? true,
          isDemoOnly: g.isDemoOnly ?? false,
          sortOrder: row?.sortOrder ?? 0,
          updatedAt: row?.updatedAt ?? null,
        }
      })
  }

  override async count(filter: Filter): Promise<number> {
    return (await this.matching(filter)).length
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {},
  ): Promise<BaseRecord[]> {
    const rows = await this.matching(filter)
    const key = options.sort?.sortBy && this.property(options.sort.sortBy) ? options.sort.sortBy : 'sortOrder'
    const dir = options.sort?.direction === 'desc' ? -1 : 1
    rows.sort((a, b) =>
      String(a[key] ?? '') < String(b[key] ?? '')
        ? -dir
        : String(a[key] ?? '') > String(b[key] ?? '')
          ? dir
          : String(a.gateway).localeCompare(String(b.gateway)),
    )
    const offset = Math.max(0, Number(options.offset) || 0)
    const limit = Math.max(1, Number(options.limit) || 10)
    return rows.slice(offset, offset + limit).map((r) => new BaseRecord(r, this))
  }

  override async findOne(id: string): Promise<BaseRecord | null> {
    const row = (await this.rows()).find((r) => r.gateway === String(id))
    return row ? new BaseRecord(row, this) : null
  }

  override async findMany(ids: Array<string | number>): Promise<BaseRecord[]> {
    const wanted = new Set(ids.map(String))
    return (await this.rows())
      .filter((r) => wanted.has(String(r.gateway)))
      .map((r) => new BaseRecord(r, this))
  }

  override async create(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError('GatewayConfig')
  }

  override async update(): Promise<Record<string, unknown>> {
    throw new ReadOnlyResourceError('GatewayConfig')
  }

  override async delete(): Promise<void> {
    throw new ReadOnlyResourceError('GatewayConfig')
  }

  /** Text filters on the id and names, boolean ones on the flags. */
  private async matching(filter: Filter | undefined): Promise<Record<string, unknown>[]> {
    const rows = await this.rows()
    const filters = Object.entries(filter?.filters ?? {})
    return rows.filter((row) =>
      filters.every(([path, f]) => {
        const value = typeof f.value === 'string' ? f.value.trim().toLowerCase() : ''
        if (!value || !this.property(path)) return true
        const cell = row[path]
        if (typeof cell === 'boolean') return String(cell) === value
        return String(cell ?? '')
          .toLowerCase()
          .includes(value)
      }),
    )
  }
}
