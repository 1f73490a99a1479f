import { lookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * Loopback, link-local, private and unspecified addresses, and the checks the webhook module and
 * its settings' validation make with them (the policy is webhook-target.ts). No database here:
 * modules import this.
 */
const PRIVATE = new BlockList()
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4') // "this network", 0.0.0.0
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4')
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4') // carrier-grade NAT
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4')
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4') // link-local, cloud metadata
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4')
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4')
PRIVATE.addAddress('::', 'ipv6')
PRIVATE.addAddress('::1', 'ipv6')
PRIVATE.addSubnet('fe80::', 10, 'ipv6')
PRIVATE.addSubnet('fc00::', 7, 'ipv6')

/** Whether an IP address is loopback, link-local, private or unspecified (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1]
  if (mapped) return PRIVATE.check(mapped, 'ipv4')
  const family = isIP(bare)
  if (family === 4) return PRIVATE.check(bare, 'ipv4')
  if (family === 6) return PRIVATE.check(bare, 'ipv6')
  return false
}

/** The host of a URL as a resolver or isIP wants it (no IPv6 brackets); null when it is no URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '') || null
  } catch {
    return null
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    lookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  )
}

/**
 * The first private address `url` reaches (its literal host, or any address its name resolves
 * to), or null. A name that does not resolve reaches nothing yet: null (the call-time check
 * applies when it does).
 */
export async function privateAddressOf(url: string): Promise<string | null> {
  const host = hostOf(url)
  if (!host) return null
  if (isIP(host)) return isPrivateAddress(host) ? host : null
  try {
    return (await resolveAll(host)).find((a) => isPrivateAddress(a.address))?.address ?? null
  } catch {
    return null
  }
}

/** Why a call to a private target is refused (ModuleError message). */
export class PrivateTargetError extends Error {
  override readonly name = 'PrivateTargetError'
  readonly code = 'EPRIVATETARGET'
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for http.request / net.connect that refuses private addresses: the address the
 * socket connects to is the one checked here, so a name cannot resolve to a public address for a
 * check and to 127.0.0.1 for the connection.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    const refused = addresses.find((a) => isPrivateAddress(a.address))
    if (refused || !addresses.length) {
      return callback(
        new PrivateTargetError(
          `${hostname} resolves to ${refused?.address ?? 'nothing'}, a loopback, link-local or private address: refused (the setting "Allow private webhook targets" is off).`,
        ),
        [],
      )
    }
    if (options.all) return callback(null, addresses)
    return callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}
