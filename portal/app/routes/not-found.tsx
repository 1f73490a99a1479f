import type { MetaFunction } from '@remix-run/node'
import { NotFoundPage } from '~/components/error-page'

export const meta: MetaFunction = () => [{ title: 'Page not found · Berth' }]

// A loader that always answers 404, so every unknown address gets the real status code while the
// root loader still runs (the header knows who is logged in).
export function loader(): never {
  throw new Response('Not found', { status: 404, statusText: 'Not Found' })
}

export default function NotFound() {
  return <NotFoundPage />
}

export function ErrorBoundary() {
  return <NotFoundPage />
}
