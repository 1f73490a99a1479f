import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { issueCsrfToken } from '~/auth/csrf.server'
import { takeFlash } from '~/auth/flash.server'
import { countCartItems } from '@berth/core'
import { getAuth } from '~/auth/principal.server'
import { CsrfInput } from '~/components/hidden-fields'
import { useNonce } from '~/components/nonce'
import { ErrorPage, NotFoundPage } from '~/components/error-page'
import { Notice } from '~/components/notice'
import type { RootData } from '~/root-data'
import { readCartToken } from '~/store/cookies.server'
import stylesheet from '~/styles/portal.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Client area · Berth' }]

/** Runs on every request: who is logged in, this page's CSRF token, and a notice to show once. */
export async function loader(args: LoaderFunctionArgs) {
  const auth = await getAuth(args)
  const cartToken = auth.principal ? null : await readCartToken(args.request)
  const [csrf, flash, cartCount] = await Promise.all([
    issueCsrfToken(args),
    takeFlash(args.request),
    countCartItems(auth.ctx, { cart: cartToken ? { token: cartToken } : {} }),
  ])
  const headers = new Headers()
  for (const cookie of [csrf.setCookie, flash.setCookie, auth.clearCookie])
    if (cookie) headers.append('Set-Cookie', cookie)
  const p = auth.principal
  const body: RootData = {
    csrfToken: csrf.token,
    user: p
      ? { firstName: p.firstName, lastName: p.lastName, email: p.email, emailVerified: p.emailVerified }
      : null,
    flash: flash.flash,
    cartCount,
  }
  return data(body, { headers })
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const root = useRouteLoaderData<RootData>('root')
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Header user={root?.user ?? null} cartCount={root?.cartCount ?? 0} />
        <main id="main" className="main">
          {root?.flash ? <Notice kind={root.flash.kind}>{root.flash.message}</Notice> : null}
          {children}
        </main>
        <footer className="site-footer">
          <p>Berth client area</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function Header({ user, cartCount }: { user: RootData['user']; cartCount: number }) {
  const cart = (
    <NavLink
      to="/cart"
      className="nav-cart"
      aria-label={cartCount ? `Cart, ${cartCount} item${cartCount === 1 ? '' : 's'}` : 'Cart'}
    >
      Cart
      {cartCount ? (
        <span className="cart-count" aria-hidden="true">
          {cartCount}
        </span>
      ) : null}
    </NavLink>
  )
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            B
          </span>
          <span>Berth</span>
        </Link>
        {user ? (
          <nav aria-label="Main" className="nav">
            <NavLink to="/" end>
              Dashboard
            </NavLink>
            <NavLink to="/store">Store</NavLink>
            <NavLink to="/services">Services</NavLink>
            <NavLink to="/domains">Domains</NavLink>
            <NavLink to="/invoices">Invoices</NavLink>
            <NavLink to="/billing">Billing</NavLink>
            <NavLink to="/tickets">Support</NavLink>
            <NavLink to="/kb">Help</NavLink>
            <NavLink to="/account">Account</NavLink>
            {cart}
            <Form method="post" action="/logout" className="nav-logout">
              <CsrfInput />
              <button type="submit" className="button-link">
                Log out
              </button>
            </Form>
          </nav>
        ) : (
          <nav aria-label="Main" className="nav">
            <NavLink to="/store">Store</NavLink>
            <NavLink to="/kb">Help</NavLink>
            <NavLink to="/announcements">News</NavLink>
            {cart}
            <NavLink to="/login">Log in</NavLink>
            <NavLink to="/register">Create account</NavLink>
          </nav>
        )}
      </div>
    </header>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundPage />
    if (error.status === 403) {
      return (
        <ErrorPage title="This form has expired">
          <p>{typeof error.data === 'string' && error.data ? error.data : 'You may not do that.'}</p>
          <p>
            <Link to=".">Reload the page</Link> and try again.
          </p>
        </ErrorPage>
      )
    }
    return (
      <ErrorPage title={`${error.status} ${error.statusText}`}>
        <p>{typeof error.data === 'string' ? error.data : 'The request could not be completed.'}</p>
      </ErrorPage>
    )
  }
  return (
    <ErrorPage title="Something went wrong">
      <p>
        We could not show this page. Please try again in a moment; if it keeps happening, contact support.
      </p>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </ErrorPage>
  )
}
