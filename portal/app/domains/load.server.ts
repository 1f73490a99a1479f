import { getClientDomain, type Ctx, type DomainDetail } from '@berth/core'
import { rethrowAsNotFound } from '~/billing/responses.server'

/** The client's own domain, or the 404 page (another client's domain answers exactly the same). */
export async function loadDomain(ctx: Ctx, domainId: string | undefined): Promise<DomainDetail> {
  try {
    return await getClientDomain(ctx, domainId ?? '')
  } catch (error) {
    rethrowAsNotFound(error, ['VALIDATION_FAILED'])
  }
}
