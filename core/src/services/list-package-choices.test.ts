import { describe, expect, it } from 'vitest'
import {
  makeClientWithService,
  makeGroup,
  makeProduct,
  superAdmin,
} from '@berth/tests/support/catalog-factories'
import { listPackageChoices } from './change-package'

// The one list of what a service may move to, for the portal's form and the console's: a client
// sees its group's visible products, staff every product that is not retired (hidden ones and
// other groups included), both only in the service's currency and cycle.
const admin = await superAdmin()
const group = await makeGroup(admin)
const monthly = (extra: Record<string, unknown> = {}) =>
  makeProduct(admin, { groupId: group.id, prices: [{ cycle: 'MONTHLY', amount: 1000 }], ...extra })
const current = await monthly()
const sibling = await monthly()
const hidden = await monthly({ isHidden: true })
const annualOnly = await makeProduct(admin, {
  groupId: group.id,
  prices: [{ cycle: 'ANNUAL', amount: 9000 }],
})
const otherGroup = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 2000 }] })

describe('listPackageChoices', () => {
  it('offers a client the visible products of its group, and staff every product in that cycle', async () => {
    const { client, serviceId } = await makeClientWithService(current.id, { cycle: 'MONTHLY' })
    const ids = async (ctx: Parameters<typeof listPackageChoices>[0]) =>
      (await listPackageChoices(ctx, serviceId)).products.map((p) => p.id)

    const forClient = await ids(client.ctx)
    expect(forClient).toEqual(expect.arrayContaining([current.id, sibling.id]))
    expect(forClient).not.toContain(hidden.id)
    expect(forClient).not.toContain(otherGroup.id)

    const forStaff = await ids(admin)
    expect(forStaff).toEqual(expect.arrayContaining([current.id, sibling.id, hidden.id, otherGroup.id]))
    expect(forStaff).not.toContain(annualOnly.id)
  })
})
