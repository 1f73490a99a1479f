import React, { useEffect, useState } from 'react'
import { useNotice } from 'adminjs'
import {
  Box,
  Button,
  CheckBox,
  FormGroup,
  FormMessage,
  H2,
  H5,
  Label,
  Loader,
  MessageBox,
  Text,
  TextArea,
} from '@adminjs/design-system'
import { FormField, type FieldErrors, type PageAnswer } from './form-field'
import BillingSettingsSection, { type BillingSettingsForm } from './billing/billing-settings-section'
import AutomationSettingsSection, { type AutomationSettingsForm } from './automation-settings-section'
import { adminApi } from './use-record-action'

interface SettingsForm {
  companyName: string
  companyEmail: string
  companyAddress: string
  companyTaxId: string
  companyLogoUrl: string
  allowRegistration: boolean
  requireEmailVerification: boolean
  allowPrivateWebhookTargets: boolean
}

interface SettingsData {
  settings: SettingsForm
  canManage: boolean
}

/** Company details and portal registration switches: settings.view to see, settings.manage to save. */
const SettingsPage: React.FC = () => {
  const addNotice = useNotice()
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [canManage, setCanManage] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    adminApi
      .getPage({ pageName: 'settings' })
      .then((r) => {
        const data = (r.data as PageAnswer<SettingsData>).data
        if (!data) return setFailed('Settings could not be loaded.')
        setForm(data.settings)
        setCanManage(data.canManage)
      })
      .catch((error: { response?: { status?: number } }) =>
        setFailed(
          error?.response?.status === 403
            ? 'You do not have permission to see the settings.'
            : 'Settings could not be loaded. Reload the page to try again.',
        ),
      )
  }, [])

  const save = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!form) return
    setBusy(true)
    try {
      const response = await adminApi.getPage({ pageName: 'settings', method: 'post', data: form })
      const answer = response.data as PageAnswer<SettingsData>
      setErrors(answer.errors ?? {})
      if (answer.data) setForm(answer.data.settings)
      if (answer.notice) addNotice(answer.notice)
    } catch {
      addNotice({ message: 'Saving failed. Please try again.', type: 'error' })
    } finally {
      setBusy(false)
    }
  }

  if (failed) return <MessageBox m="xl" variant="danger" message={failed} />
  if (!form) return <Loader />
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm({ ...form, [key]: value })
  const disabled = !canManage

  return (
    <Box variant="grey" data-testid="settings">
      <H2 mb="sm">Settings</H2>
      {!canManage && (
        <MessageBox mb="lg" variant="info" message="You can see the settings but not change them." />
      )}
      <Box as="form" onSubmit={save}>
        <Box variant="card" p="xl" mb="lg">
          <H5 mb="lg">Company</H5>
          <Text color="grey60" mb="lg">
            Printed on invoices and in emails.
          </Text>
          <FormField
            name="companyName"
            label="Company name"
            required
            disabled={disabled}
            value={form.companyName}
            error={errors.companyName}
            onChange={(v) => set('companyName', v)}
          />
          <FormField
            name="companyEmail"
            label="Email"
            type="email"
            required
            disabled={disabled}
            value={form.companyEmail}
            error={errors.companyEmail}
            onChange={(v) => set('companyEmail', v)}
          />
          <FormGroup error={Boolean(errors.companyAddress)}>
            <Label htmlFor="companyAddress">Address</Label>
            <TextArea
              id="companyAddress"
              name="companyAddress"
              rows={4}
              width={1}
              disabled={disabled}
              value={form.companyAddress}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('companyAddress', e.target.value)}
            />
            <FormMessage>{errors.companyAddress}</FormMessage>
          </FormGroup>
          <FormField
            name="companyTaxId"
            label="Tax ID"
            disabled={disabled}
            value={form.companyTaxId}
            error={errors.companyTaxId}
            onChange={(v) => set('companyTaxId', v)}
          />
          <FormField
            name="companyLogoUrl"
            label="Logo URL"
            disabled={disabled}
            value={form.companyLogoUrl}
            error={errors.companyLogoUrl}
            hint="An https:// address of a PNG or SVG, shown on invoices."
            onChange={(v) => set('companyLogoUrl', v)}
          />
        </Box>
        {'billingCurrencies' in form && (
          <BillingSettingsSection
            form={form as unknown as BillingSettingsForm}
            errors={errors}
            disabled={disabled}
            onChange={(patch) => setForm({ ...form, ...patch })}
          />
        )}
        {'runHour' in form && (
          <AutomationSettingsSection
            form={form as unknown as AutomationSettingsForm}
            errors={errors}
            disabled={disabled}
            onChange={(patch) => setForm({ ...form, ...patch })}
          />
        )}
        <Box variant="card" p="xl" mb="lg">
          <H5 mb="lg">Client portal</H5>
          <Box flex alignItems="center" mb="default">
            <CheckBox
              id="allowRegistration"
              name="allowRegistration"
              disabled={disabled}
              checked={form.allowRegistration}
              onChange={() => set('allowRegistration', !form.allowRegistration)}
            />
            <Label inline htmlFor="allowRegistration" ml="default">
              Visitors can register an account
            </Label>
          </Box>
          <Box flex alignItems="center">
            <CheckBox
              id="requireEmailVerification"
              name="requireEmailVerification"
              disabled={disabled}
              checked={form.requireEmailVerification}
              onChange={() => set('requireEmailVerification', !form.requireEmailVerification)}
            />
            <Label inline htmlFor="requireEmailVerification" ml="default">
              Clients must confirm their email address before they can order
            </Label>
          </Box>
        </Box>
        <Box variant="card" p="xl" mb="lg">
          <H5 mb="lg">Provisioning</H5>
          <Box flex alignItems="center">
            <CheckBox
              id="allowPrivateWebhookTargets"
              name="allowPrivateWebhookTargets"
              disabled={disabled}
              checked={form.allowPrivateWebhookTargets}
              onChange={() => set('allowPrivateWebhookTargets', !form.allowPrivateWebhookTargets)}
            />
            <Label inline htmlFor="allowPrivateWebhookTargets" ml="default">
              Allow private webhook targets
            </Label>
          </Box>
          <Text variant="sm" color="grey60" mt="sm">
            Lets staff who manage the catalog point the webhook module at this machine or a private network
            (127.0.0.1, 10.x, 192.168.x…), and lets Berth call host names that resolve there. Off, only a
            Super admin can save such an address, and host names are checked again at each call.
          </Text>
        </Box>
        {canManage && (
          <Button variant="contained" type="submit" disabled={busy}>
            Save settings
          </Button>
        )}
      </Box>
    </Box>
  )
}

export default SettingsPage
