export interface Stack {
  portalUrl: string
  adminUrl: string
  mailboxUrl: string
  databaseUrl: string
}

/** Where the global setup started things: environment variables it set, inherited by the workers. */
export function stack(): Stack {
  const { E2E_PORTAL_URL, E2E_ADMIN_URL, E2E_MAILBOX_URL, E2E_DATABASE_URL } = process.env
  if (!E2E_PORTAL_URL || !E2E_ADMIN_URL || !E2E_MAILBOX_URL || !E2E_DATABASE_URL)
    throw new Error('the e2e stack is not running (global setup did not run)')
  return {
    portalUrl: E2E_PORTAL_URL,
    adminUrl: E2E_ADMIN_URL,
    mailboxUrl: E2E_MAILBOX_URL,
    databaseUrl: E2E_DATABASE_URL,
  }
}
