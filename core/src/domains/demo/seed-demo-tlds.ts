import type { DbClient } from '@berth/prisma'

/**
 * Demo TLDs: names that look real ("com", "net", "io"...) priced in the demo currencies and routed
 * to the sandbox registrar, so search, pricing and registration work with no network (the sandbox
 * answers availability itself). Prices for 1-10 years (n × the one-year price), with cost prices
 * so the bulk markup action has something to work from, and grace/redemption fees.
 */
const DEMO_TLDS = [
  { name: 'com', isFeatured: true, usd: 1299n, cost: 1050n },
  { name: 'net', isFeatured: true, usd: 1499n, cost: 1200n },
  { name: 'io', isFeatured: true, usd: 3999n, cost: 3400n },
  { name: 'org', isFeatured: false, usd: 1399n, cost: 1100n },
  { name: 'dev', isFeatured: false, usd: 1599n, cost: 1300n },
  { name: 'app', isFeatured: false, usd: 1799n, cost: 1500n },
  { name: 'shop', isFeatured: false, usd: 2999n, cost: 2500n },
  { name: 'co.uk', isFeatured: false, usd: 999n, cost: 700n },
] as const

/** Relative price per demo currency (whole percent of the USD price). */
const CURRENCY_PERCENT: Record<string, bigint> = { USD: 100n, EUR: 92n, GBP: 79n }

export async function seedDemoTlds(db: DbClient): Promise<void> {
  const currencies = await db.currency.findMany({
    where: { code: { in: Object.keys(CURRENCY_PERCENT) } },
    select: { code: true },
  })
  for (const [i, t] of DEMO_TLDS.entries()) {
    const tld = await db.tld.upsert({
      where: { name: t.name },
      create: {
        name: t.name,
        registrar: 'sandbox',
        isFeatured: t.isFeatured,
        sortOrder: i,
        eppRequired: true,
      },
      update: {},
    })
    for (const { code } of currencies) {
      const pct = CURRENCY_PERCENT[code]!
      const one = (t.usd * pct) / 100n
      const cost = (t.cost * pct) / 100n
      const prices = (['REGISTER', 'RENEW', 'TRANSFER'] as const).flatMap((action) =>
        Array.from({ length: action === 'TRANSFER' ? 1 : 10 }, (_, y) => ({
          tldId: tld.id,
          currencyCode: code,
          action,
          years: y + 1,
          amount: one * BigInt(y + 1),
          costAmount: cost * BigInt(y + 1),
        })),
      )
      await db.tldPrice.createMany({ data: prices, skipDuplicates: true })
      await db.tldFee.createMany({
        data: [
          { tldId: tld.id, currencyCode: code, kind: 'GRACE', amount: one / 2n, costAmount: cost / 2n },
          {
            tldId: tld.id,
            currencyCode: code,
            kind: 'REDEMPTION',
            amount: (8000n * pct) / 100n,
            costAmount: (6500n * pct) / 100n,
          },
        ],
        skipDuplicates: true,
      })
    }
  }
}
