import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/principal.server'

/** `/billing` has no page of its own: the header's Billing link opens the transactions and credit. */
export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args)
  return redirect('/billing/transactions')
}
