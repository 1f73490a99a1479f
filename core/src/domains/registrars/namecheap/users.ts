import { callNamecheap, resultOf } from './client'
import type { NamecheapSettings } from './settings'
import { attr } from './xml'

/**
 * namecheap.users.getBalances: the account's available balance as Namecheap writes it ("4932.96")
 * with its currency. Shown to staff only, never used in arithmetic.
 */
export async function getBalance(settings: NamecheapSettings): Promise<{ amount: string; currency: string }> {
  const command = 'namecheap.users.getBalances'
  const response = await callNamecheap({ settings, command })
  const result = resultOf(response, 'UserGetBalancesResult', command)
  return { amount: attr(result, 'AvailableBalance') ?? '?', currency: attr(result, 'Currency') ?? '' }
}
