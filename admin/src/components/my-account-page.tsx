import React, { useEffect, useState } from 'react'
import { useNotice } from 'adminjs'
import { Box, Button, H2, H5, Loader, MessageBox, Text } from '@adminjs/design-system'
import { FormField, type FieldErrors, type PageAnswer } from './form-field'
import { adminApi } from './use-record-action'

interface Profile {
  firstName: string
  lastName: string
  email: string
  roleName: string
}

/** Every staff member's own page: name and email, and password (ending their other sessions). */
const MyAccountPage: React.FC = () => {
  const addNotice = useNotice()
  const [profile, setProfile] = useState<Profile | null>(null)
  const [failed, setFailed] = useState(false)
  const [profileErrors, setProfileErrors] = useState<FieldErrors>({})
  const [password, setPassword] = useState({ currentPassword: '', newPassword: '', confirmPassword: '' })
  const [passwordErrors, setPasswordErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState<'profile' | 'password' | null>(null)

  useEffect(() => {
    adminApi
      .getPage({ pageName: 'myAccount' })
      .then((r) => setProfile((r.data as PageAnswer<Profile>).data ?? null))
      .catch(() => setFailed(true))
  }, [])

  const send = async (intent: 'profile' | 'password', body: Record<string, string>) => {
    setBusy(intent)
    try {
      const response = await adminApi.getPage({
        pageName: 'myAccount',
        method: 'post',
        data: { intent, ...body },
      })
      return response.data as PageAnswer<Profile>
    } catch {
      return {
        ok: false,
        notice: { message: 'Saving failed. Please try again.', type: 'error' },
      } as PageAnswer<Profile>
    } finally {
      setBusy(null)
    }
  }

  const saveProfile = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!profile) return
    const answer = await send('profile', {
      firstName: profile.firstName,
      lastName: profile.lastName,
      email: profile.email,
    })
    setProfileErrors(answer.errors ?? {})
    if (answer.data) setProfile(answer.data)
    if (answer.notice) addNotice(answer.notice)
  }

  const changePassword = async (event: React.FormEvent) => {
    event.preventDefault()
    const answer = await send('password', password)
    setPasswordErrors(answer.errors ?? {})
    if (answer.ok) setPassword({ currentPassword: '', newPassword: '', confirmPassword: '' })
    if (answer.notice) addNotice(answer.notice)
  }

  if (failed)
    return (
      <MessageBox
        m="xl"
        variant="danger"
        message="Your account could not be loaded. Reload the page to try again."
      />
    )
  if (!profile) return <Loader />

  return (
    <Box variant="grey" data-testid="my-account">
      <H2 mb="sm">My account</H2>
      <Text color="grey60" mb="xl">
        Your role: <strong>{profile.roleName}</strong>. A Super admin changes roles.
      </Text>
      <Box flex flexDirection={['column', 'column', 'row']}>
        <Box
          as="form"
          variant="card"
          p="xl"
          mr={[0, 0, 'lg']}
          mb="lg"
          flexGrow={1}
          onSubmit={saveProfile}
          data-testid="profile-form"
        >
          <H5 mb="lg">Name and email</H5>
          <FormField
            name="firstName"
            label="First name"
            required
            value={profile.firstName}
            error={profileErrors.firstName}
            autoComplete="given-name"
            onChange={(v) => setProfile({ ...profile, firstName: v })}
          />
          <FormField
            name="lastName"
            label="Last name"
            required
            value={profile.lastName}
            error={profileErrors.lastName}
            autoComplete="family-name"
            onChange={(v) => setProfile({ ...profile, lastName: v })}
          />
          <FormField
            name="email"
            label="Email"
            type="email"
            required
            value={profile.email}
            error={profileErrors.email}
            autoComplete="email"
            hint="You sign in with this address."
            onChange={(v) => setProfile({ ...profile, email: v })}
          />
          <Button variant="contained" type="submit" disabled={busy !== null}>
            Save
          </Button>
        </Box>
        <Box
          as="form"
          variant="card"
          p="xl"
          mb="lg"
          flexGrow={1}
          onSubmit={changePassword}
          data-testid="password-form"
        >
          <H5 mb="lg">Password</H5>
          <FormField
            name="currentPassword"
            label="Current password"
            type="password"
            required
            autoComplete="current-password"
            value={password.currentPassword}
            error={passwordErrors.currentPassword}
            onChange={(v) => setPassword({ ...password, currentPassword: v })}
          />
          <FormField
            name="newPassword"
            label="New password"
            type="password"
            required
            autoComplete="new-password"
            value={password.newPassword}
            error={passwordErrors.newPassword}
            onChange={(v) => setPassword({ ...password, newPassword: v })}
          />
          <FormField
            name="confirmPassword"
            label="New password again"
            type="password"
            required
            autoComplete="new-password"
            value={password.confirmPassword}
            error={passwordErrors.confirmPassword}
            onChange={(v) => setPassword({ ...password, confirmPassword: v })}
          />
          <Text color="grey60" fontSize="sm" mb="lg">
            Changing your password signs you out everywhere else.
          </Text>
          <Button variant="contained" type="submit" disabled={busy !== null}>
            Change password
          </Button>
        </Box>
      </Box>
    </Box>
  )
}

export default MyAccountPage
