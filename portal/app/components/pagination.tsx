import { Link } from '@remix-run/react'

/** Previous / next links under a list, when it has more than one page. */
export function Pagination({
  page,
  pages,
  href,
  label,
}: {
  page: number
  pages: number
  href: (page: number) => string
  label: string
}) {
  if (pages <= 1) return null
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span className="muted">
        Page {page} of {pages} · {label}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          Older →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  )
}
