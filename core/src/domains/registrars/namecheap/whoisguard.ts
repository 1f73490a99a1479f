import { RegistrarError } from '../registrar'
import { callNamecheap, resultOf } from './client'
import type { NamecheapSettings } from './settings'
import { attr, isTrue } from './xml'

/**
 * namecheap.whoisguard.enable / disable: domain privacy by its subscription id (WhoisguardID, from
 * getInfo). Enabling needs the address privacy e-mails are forwarded to (ForwardedToEmail).
 */
export async function setWhoisguard(
  settings: NamecheapSettings,
  input: { name: string; whoisguardId: string; isEnabled: boolean; forwardTo: string },
): Promise<void> {
  const command = input.isEnabled ? 'namecheap.whoisguard.enable' : 'namecheap.whoisguard.disable'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: {
      WhoisguardID: input.whoisguardId,
      ForwardedToEmail: input.isEnabled ? input.forwardTo : undefined,
    },
  })
  const element = input.isEnabled ? 'WhoisguardEnableResult' : 'WhoisguardDisableResult'
  if (!isTrue(attr(resultOf(response, element, command), 'IsSuccess')))
    throw new RegistrarError(
      `Namecheap did not ${input.isEnabled ? 'enable' : 'disable'} ID protection for ${input.name}.`,
      { code: 'NOT_UPDATED' },
    )
}
