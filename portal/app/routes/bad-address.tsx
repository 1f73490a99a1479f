import type { MetaFunction } from '@remix-run/node'

export const meta: MetaFunction = () => [{ title: 'Malformed address · Berth' }]

/**
 * Where the server sends a request whose address or query is not valid percent-encoding
 * (`/store/%ff%fe`): see server/request-guards.ts. The root error boundary shows the 400 with the
 * portal's header and footer, as for any other error.
 */
function badAddress(): never {
  throw new Response('This address is malformed: check the link, or go back and try again.', {
    status: 400,
    statusText: 'Bad Request',
  })
}

export const loader = badAddress
export const action = badAddress

export default function BadAddress() {
  return null
}
