export * from './schemas'
export { registerClient, type Registered } from './register-client'
export { verifyEmail } from './verify-email'
export { resendVerification } from './resend-verification'
export { logInUser, type PortalUser } from './log-in-user'
export { requestPasswordReset } from './request-password-reset'
export { resetPassword, isResetTokenUsable } from './reset-password'
export {
  getAccount,
  getDashboardSummary,
  loadPortalPrincipal,
  type AccountView,
  type DashboardSummary,
  type PortalPrincipal,
} from './get-account'
export { updateProfile } from './update-profile'
export { changeEmail } from './change-email'
export { changePassword } from './change-password'
export { logOut } from './log-out'
export { THROTTLE_RULES, claimAttempt, markAttemptSucceeded, type ClaimedAttempt } from './throttle'
export { portalLink } from './links'
// For the clients module (staff creating and inviting clients)
export { sendVerificationEmail } from './send-verification-email'
export { issueUserToken } from './issue-token'
export { RESET_TTL_MINUTES } from './links'
