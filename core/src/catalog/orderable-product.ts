import { z } from 'zod'
import type { BillingCycle, ConfigOptionType, Db, DbClient, DomainRequirement } from '@berth/prisma'
import { DomainError, type FieldIssue } from '../shared'
import { BILLING_CYCLES, CYCLE_LABELS } from './pricing/billing-cycles'
import type { PricedAddon, PricedOption, PriceTable } from './pricing/price-configuration'
import { PRICE_SELECT, priceTable } from './prices'

/**
 * A product as the store, the cart and the checkout see it: everything needed to configure and
 * price it in one currency, read fresh from the database. `resolveConfiguration` turns what a
 * browser asked for into priced options and addons, refusing anything that does not belong.
 */
export interface OrderableChoice {
  id: string
  label: string
  moduleValue: string | null
  isHidden: boolean
  prices: PriceTable
}

export interface OrderableOption {
  id: string
  groupName: string
  name: string
  moduleKey: string | null
  type: ConfigOptionType
  minQuantity: number
  maxQuantity: number
  unit: string | null
  isHidden: boolean
  choices: OrderableChoice[]
}

export interface OrderableAddon {
  id: string
  name: string
  description: string | null
  isTaxable: boolean
  isHidden: boolean
  showOnOrder: boolean
  prices: PriceTable
}

export interface OrderableProduct {
  id: string
  groupId: string
  groupSlug: string
  groupName: string
  name: string
  slug: string
  type: string
  description: string | null
  features: string[]
  isHidden: boolean
  isRetired: boolean
  stockControl: boolean
  stockQuantity: number
  domainRequirement: DomainRequirement
  autoSetup: string
  isTaxable: boolean
  welcomeEmail: string | null
  provisioningModule: string | null
  serverGroupId: string | null
  currency: string
  prices: PriceTable
  /** the cycles offered in this currency, shortest first */
  cycles: BillingCycle[]
  options: OrderableOption[]
  addons: OrderableAddon[]
}

export async function loadOrderableProduct(
  db: Db | DbClient,
  productId: string,
  currency: string,
): Promise<OrderableProduct | null> {
  if (!z.string().uuid().safeParse(productId).success) return null
  const product = await db.product.findUnique({
    where: { id: productId },
    select: {
      id: true,
      groupId: true,
      name: true,
      slug: true,
      type: true,
      description: true,
      features: true,
      isHidden: true,
      isRetired: true,
      stockControl: true,
      stockQuantity: true,
      domainRequirement: true,
      autoSetup: true,
      isTaxable: true,
      welcomeEmail: true,
      provisioningModule: true,
      serverGroupId: true,
      group: { select: { slug: true, name: true } },
      prices: { where: { currencyCode: currency }, select: PRICE_SELECT },
      configOptionGroups: {
        select: {
          group: {
            select: {
              name: true,
              options: {
                orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
                select: {
                  id: true,
                  name: true,
                  moduleKey: true,
                  type: true,
                  minQuantity: true,
                  maxQuantity: true,
                  unit: true,
                  isHidden: true,
                  choices: {
                    orderBy: [{ sortOrder: 'asc' }, { label: 'asc' }],
                    select: {
                      id: true,
                      label: true,
                      moduleValue: true,
                      isHidden: true,
                      prices: { where: { currencyCode: currency }, select: PRICE_SELECT },
                    },
                  },
                },
              },
            },
          },
        },
        orderBy: { group: { name: 'asc' } },
      },
      addons: {
        select: {
          addon: {
            select: {
              id: true,
              name: true,
              description: true,
              isTaxable: true,
              isHidden: true,
              showOnOrder: true,
              sortOrder: true,
              prices: { where: { currencyCode: currency }, select: PRICE_SELECT },
            },
          },
        },
      },
    },
  })
  if (!product) return null
  const prices = priceTable(product.prices, currency)
  return {
    id: product.id,
    groupId: product.groupId,
    groupSlug: product.group.slug,
    groupName: product.group.name,
    name: product.name,
    slug: product.slug,
    type: product.type,
    description: product.description,
    features: product.features,
    isHidden: product.isHidden,
    isRetired: product.isRetired,
    stockControl: product.stockControl,
    stockQuantity: product.stockQuantity,
    domainRequirement: product.domainRequirement,
    autoSetup: product.autoSetup,
    isTaxable: product.isTaxable,
    welcomeEmail: product.welcomeEmail,
    provisioningModule: product.provisioningModule,
    serverGroupId: product.serverGroupId,
    currency,
    prices,
    cycles: BILLING_CYCLES.filter((c) => prices[c]),
    options: product.configOptionGroups.flatMap((g) =>
      g.group.options.map((o) => ({
        id: o.id,
        groupName: g.group.name,
        name: o.name,
        moduleKey: o.moduleKey,
        type: o.type,
        minQuantity: o.minQuantity,
        maxQuantity: o.maxQuantity,
        unit: o.unit,
        isHidden: o.isHidden,
        choices: o.choices.map((c) => ({
          id: c.id,
          label: c.label,
          moduleValue: c.moduleValue,
          isHidden: c.isHidden,
          prices: priceTable(c.prices, currency),
        })),
      })),
    ),
    addons: product.addons
      .map((a) => a.addon)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))
      .map((a) => ({
        id: a.id,
        name: a.name,
        description: a.description,
        isTaxable: a.isTaxable,
        isHidden: a.isHidden,
        showOnOrder: a.showOnOrder,
        prices: priceTable(a.prices, currency),
      })),
  }
}

/** What a browser may ask for one product: everything in it is only a request. */
export const configurationRequestSchema = z.object({
  cycle: z.string({ message: 'Choose a billing cycle' }).trim().toUpperCase(),
  /** optionId → choiceId (dropdown, radio), boolean (yes/no) or quantity */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  addonIds: z.array(z.string()).max(50).default([]),
  domain: z.string().trim().toLowerCase().max(253).nullish(),
})
export type ConfigurationRequest = z.input<typeof configurationRequestSchema>

/** An option as chosen: what a service keeps (ServiceConfigOption) and what the module is told. */
export interface ChosenOption extends PricedOption {
  type: ConfigOptionType
  moduleKey: string | null
  moduleValue: string | null
}

export interface ResolvedConfiguration {
  cycle: BillingCycle
  /** every option of the product with its chosen value (quantity 0 / "no" included) */
  options: ChosenOption[]
  /** the options that cost something or were chosen: the ones to price */
  pricedOptions: ChosenOption[]
  addons: PricedAddon[]
  domain: string | null
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/

function yesNo(value: string | number | boolean, choiceId: string | undefined): boolean | null {
  if (typeof value === 'boolean') return value
  if (
    value === 1 ||
    value === '1' ||
    value === 'yes' ||
    value === 'on' ||
    value === 'true' ||
    (choiceId !== undefined && value === choiceId)
  )
    return true
  if (value === 0 || value === '0' || value === 'no' || value === 'off' || value === 'false' || value === '')
    return false
  return null
}

/** The addon's cycle: the product's when the addon has a price for it, else one-time if it has one. */
export function addonCycleFor(
  addon: Pick<OrderableAddon, 'prices'>,
  cycle: BillingCycle,
): BillingCycle | null {
  if (addon.prices[cycle]) return cycle
  if (addon.prices.ONE_TIME) return 'ONE_TIME'
  return null
}

/**
 * Checks a configuration request against the product and prices it: unknown cycles, options that
 * do not belong to the product, choices of another option, quantities that are negative, not whole
 * or outside min/max, addons not offered with the product, and a missing or malformed hostname are
 * refused (VALIDATION_FAILED, one issue per field). Options left out get their default: the first
 * choice, "no", or the minimum quantity.
 */
export function resolveConfiguration(
  product: OrderableProduct,
  raw: ConfigurationRequest,
): ResolvedConfiguration {
  const parsed = configurationRequestSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || 'form',
      message: i.message,
    }))
    throw new DomainError('VALIDATION_FAILED', issues[0]?.message ?? 'Invalid configuration', {
      issues,
      field: issues[0]?.field ?? 'form',
    })
  }
  const request = parsed.data
  const issues: FieldIssue[] = []
  const cycle = request.cycle as BillingCycle
  if (!(BILLING_CYCLES as readonly string[]).includes(request.cycle) || !product.prices[cycle]) {
    issues.push({
      field: 'cycle',
      message: (BILLING_CYCLES as readonly string[]).includes(request.cycle)
        ? `${product.name} is not offered ${CYCLE_LABELS[cycle].toLowerCase()} in ${product.currency}.`
        : 'Choose a billing cycle from the list.',
    })
  }

  const offered = new Map(product.options.filter((o) => !o.isHidden).map((o) => [o.id, o]))
  for (const key of Object.keys(request.options)) {
    if (!offered.has(key))
      issues.push({ field: `options.${key}`, message: 'This option does not belong to the product.' })
  }

  const options: ChosenOption[] = []
  for (const option of offered.values()) {
    const value = request.options[option.id]
    const visible = option.choices.filter((c) => !c.isHidden)
    const field = `options.${option.id}`
    const base = { optionId: option.id, name: option.name, type: option.type, moduleKey: option.moduleKey }
    if (option.type === 'DROPDOWN' || option.type === 'RADIO') {
      const choice = value === undefined ? visible[0] : visible.find((c) => c.id === value)
      if (!choice) {
        if (value !== undefined) issues.push({ field, message: `Choose one of the ${option.name} choices.` })
        continue
      }
      options.push({
        ...base,
        choiceId: choice.id,
        label: choice.label,
        moduleValue: choice.moduleValue ?? choice.label,
        quantity: 1,
        prices: choice.prices,
      })
    } else if (option.type === 'YES_NO') {
      const choice = visible[0]
      const yes = value === undefined ? false : yesNo(value, choice?.id)
      if (yes === null) {
        issues.push({ field, message: `Answer yes or no for ${option.name}.` })
        continue
      }
      if (!choice) continue
      options.push({
        ...base,
        choiceId: yes ? choice.id : null,
        label: yes ? 'Yes' : 'No',
        moduleValue: yes ? (choice.moduleValue ?? 'yes') : 'no',
        quantity: yes ? 1 : 0,
        prices: choice.prices,
      })
    } else {
      const choice = option.choices[0]
      const n =
        value === undefined
          ? option.minQuantity
          : typeof value === 'number'
            ? value
            : typeof value === 'string' && /^-?\d+$/.test(value.trim())
              ? Number(value)
              : NaN
      if (!Number.isSafeInteger(n)) issues.push({ field, message: `${option.name} must be a whole number.` })
      else if (n < 0) issues.push({ field, message: `${option.name} cannot be negative.` })
      else if (n < option.minQuantity || n > option.maxQuantity)
        issues.push({
          field,
          message: `${option.name} must be between ${option.minQuantity} and ${option.maxQuantity}.`,
        })
      else
        options.push({
          ...base,
          choiceId: choice?.id ?? null,
          label: `${n}${option.unit ? ` ${option.unit}` : ''}`,
          moduleValue: String(n),
          quantity: n,
          prices: choice?.prices ?? {},
        })
    }
  }

  const addons: PricedAddon[] = []
  const linked = new Map(product.addons.filter((a) => !a.isHidden && a.showOnOrder).map((a) => [a.id, a]))
  const seen = new Set<string>()
  request.addonIds.forEach((addonId, i) => {
    const addon = linked.get(addonId)
    if (!addon)
      return issues.push({ field: `addonIds.${i}`, message: 'This addon is not offered with the product.' })
    if (seen.has(addonId))
      return issues.push({ field: `addonIds.${i}`, message: `${addon.name} is listed twice.` })
    seen.add(addonId)
    const addonCycle = product.prices[cycle] ? addonCycleFor(addon, cycle) : null
    if (product.prices[cycle] && !addonCycle)
      return issues.push({
        field: `addonIds.${i}`,
        message: `${addon.name} is not available with this billing cycle.`,
      })
    if (addonCycle)
      addons.push({
        addonId: addon.id,
        name: addon.name,
        isTaxable: addon.isTaxable,
        cycle: addonCycle,
        prices: addon.prices,
      })
  })

  let domain: string | null = null
  if (product.domainRequirement !== 'NONE') {
    const value = request.domain?.replace(/\.$/, '') ?? ''
    const label = product.domainRequirement === 'HOSTNAME' ? 'hostname' : 'domain name'
    if (!value) issues.push({ field: 'domain', message: `Enter the ${label} for this service.` })
    else if (!HOSTNAME.test(value))
      issues.push({
        field: 'domain',
        message: `Enter a valid ${label}, such as ${product.domainRequirement === 'HOSTNAME' ? 'server1.example.com' : 'example.com'}.`,
      })
    else domain = value
  }

  if (issues.length)
    throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { issues, field: issues[0]!.field })
  return { cycle, options, pricedOptions: options.filter((o) => o.quantity > 0), addons, domain }
}
