import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

export function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card narrow error-page">
      <h1>{title}</h1>
      {children}
    </section>
  )
}

export function NotFoundPage() {
  return (
    <ErrorPage title="Page not found">
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </ErrorPage>
  )
}
