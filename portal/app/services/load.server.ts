import { getService, type Ctx, type ServiceDetail } from '@berth/core'
import { rethrowAsNotFound } from '~/billing/responses.server'

/** The client's own service, or the 404 page (another client's service answers exactly the same). */
export async function loadService(ctx: Ctx, serviceId: string | undefined): Promise<ServiceDetail> {
  try {
    return await getService(ctx, serviceId ?? '')
  } catch (error) {
    rethrowAsNotFound(error)
  }
}
