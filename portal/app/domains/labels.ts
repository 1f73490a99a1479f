/** How the portal names a domain's status, and the badge tone it gets. */
const DOMAIN_STATUS: Record<string, { label: string; tone: string }> = {
  PENDING: { label: 'Pending registration', tone: 'warn' },
  PENDING_TRANSFER: { label: 'Pending transfer', tone: 'warn' },
  ACTIVE: { label: 'Active', tone: 'ok' },
  GRACE: { label: 'Expired (grace period)', tone: 'danger' },
  REDEMPTION: { label: 'Redemption', tone: 'danger' },
  EXPIRED: { label: 'Expired', tone: 'muted' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  TRANSFERRED_AWAY: { label: 'Transferred away', tone: 'muted' },
  FRAUD: { label: 'Cancelled', tone: 'muted' },
}

export function domainStatus(status: string): { label: string; tone: string } {
  return DOMAIN_STATUS[status] ?? { label: status.toLowerCase(), tone: 'muted' }
}
