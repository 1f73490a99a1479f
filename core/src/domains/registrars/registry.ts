import { DomainError } from '../../shared'
import { manualRegistrar } from './manual'
import { namecheapRegistrar } from './namecheap'
import type { Registrar } from './registrar'
import { sandboxRegistrar } from './sandbox'

/** Every registrar adapter, by folder name. Adding a registrar = adding its folder and one line here. */
export const REGISTRARS: Record<string, Registrar> = {
  manual: manualRegistrar,
  namecheap: namecheapRegistrar,
  sandbox: sandboxRegistrar,
}

export function isRegistrarName(name: string): boolean {
  return Object.hasOwn(REGISTRARS, name)
}

export function getRegistrar(name: string, field = 'registrar'): Registrar {
  const registrar = Object.hasOwn(REGISTRARS, name) ? REGISTRARS[name] : undefined
  if (!registrar) throw new DomainError('VALIDATION_FAILED', `Unknown registrar "${name}".`, { field })
  return registrar
}

export function listRegistrars(): { name: string; displayName: string; description: string }[] {
  return Object.values(REGISTRARS).map((r) => ({
    name: r.name,
    displayName: r.displayName,
    description: r.description,
  }))
}
