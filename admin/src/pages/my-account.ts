import type { PageHandler } from 'adminjs'
import { changeOwnStaffPassword, sessionIdForToken, updateOwnStaffProfile } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor, requestScope } from '../auth/current-admin'
import { failedAnswer, text, type PageAnswer } from './page-answer'

interface Profile {
  firstName: string
  lastName: string
  email: string
  roleName: string
}

/**
 * "My account", for every staff member: GET their profile; POST intent=profile (name, email) or
 * intent=password (current password required; the other sessions end, this one stays).
 */
export function myAccountHandler(db: Db): PageHandler {
  return async (request: {
    method?: string
    payload?: Record<string, unknown>
  }): Promise<PageAnswer<Profile>> => {
    const scope = requestScope(request)
    const current = (): Profile => ({
      firstName: scope.principal.firstName,
      lastName: scope.principal.lastName,
      email: scope.principal.email,
      roleName: scope.principal.roleName,
    })
    if (request.method !== 'post') return { ok: true, data: current() }

    const payload = request.payload ?? {}
    const ctx = ctxFor(db, request)
    if (payload.intent === 'password') {
      try {
        const { sessionsEnded } = await changeOwnStaffPassword(
          ctx,
          {
            currentPassword: text(payload.currentPassword),
            newPassword: text(payload.newPassword),
            confirmPassword: text(payload.confirmPassword),
          },
          sessionIdForToken(scope.sessionToken),
        )
        const others = sessionsEnded === 1 ? '1 other session was' : `${sessionsEnded} other sessions were`
        return {
          ok: true,
          notice: { message: `Your password was changed. ${others} signed out.`, type: 'success' },
        }
      } catch (error) {
        return failedAnswer(error)
      }
    }
    if (payload.intent === 'profile') {
      try {
        const after = await updateOwnStaffProfile(ctx, {
          firstName: text(payload.firstName),
          lastName: text(payload.lastName),
          email: text(payload.email),
        })
        return {
          ok: true,
          data: {
            firstName: after.firstName,
            lastName: after.lastName,
            email: after.email,
            roleName: scope.principal.roleName,
          },
          notice: { message: 'Your details were saved.', type: 'success' },
        }
      } catch (error) {
        return failedAnswer(error)
      }
    }
    return { ok: false, notice: { message: 'Unknown request.', type: 'error' } }
  }
}
