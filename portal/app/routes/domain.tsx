import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import {
  addDnsRecord,
  DNS_RECORD_TYPES,
  deleteDnsRecord,
  getDomainContact,
  isDomainError,
  MAX_NAMESERVERS,
  requestDomainRenewal,
  requestEppCode,
  setAutoRenew,
  setDomainContact,
  setIdProtection,
  setNameservers,
  setRegistrarLock,
  updateDnsRecord,
  type ChangeState,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser } from '~/auth/principal.server'
import { Field, SelectField, TextareaField } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError, Notice } from '~/components/notice'
import { domainStatus } from '~/domains/labels'
import { loadDomain } from '~/domains/load.server'
import { countrySelectOptions } from '~/forms/countries.server'
import { refusalFor, type FormOutcome } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { moneyIn } from '~/store/view.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.domain.name : 'Domain'} · Berth` },
]

type Intent =
  | 'nameservers'
  | 'dns-add'
  | 'dns-update'
  | 'dns-delete'
  | 'lock'
  | 'auto-renew'
  | 'id-protection'
  | 'epp'
  | 'contact'
  | 'renew'

const DNS_FIELDS = ['type', 'name', 'value', 'ttl', 'priority'] as const
const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'companyName',
  'email',
  'phone',
  'address1',
  'city',
  'postcode',
  'country',
] as const

/**
 * `/domains/:domainId`: one of the client's domains: overview, nameservers (with glue), DNS records,
 * lock / auto-renew / ID protection, EPP code, WHOIS contact and renewal. Every change is one core
 * call (audited there, with this request's IP); another client's domain is the 404 page.
 * `?edit=<recordId>` opens a DNS record in the form; `?contact=1` reads the contact from the
 * registrar (only then: every read is a recorded registrar call).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const d = await loadDomain(ctx, args.params.domainId)
  const url = new URL(args.request.url)
  const m = await moneyIn(ctx, d.currency)
  const editing = d.dnsRecords.find((r) => r.id === url.searchParams.get('edit')) ?? null
  let contact: Record<string, string> | null = null
  let contactError: string | null = null
  if (url.searchParams.get('contact') === '1' && d.isManageable) {
    try {
      const c = await getDomainContact(ctx, d.id)
      contact = c
        ? Object.fromEntries(
            CONTACT_FIELDS.map((k) => [k, String((c as unknown as Record<string, unknown>)[k] ?? '')]),
          )
        : Object.fromEntries(CONTACT_FIELDS.map((k) => [k, '']))
    } catch (error) {
      if (!isDomainError(error)) throw error
      contactError = error.message
    }
  }
  return {
    domain: {
      id: d.id,
      name: d.displayName,
      ascii: d.name,
      status: domainStatus(d.status),
      rawStatus: d.status,
      registered: m.fmt.date(d.registrationDate),
      expiry: m.fmt.date(d.expiryDate),
      nextDue: m.fmt.date(d.nextDueDate),
      isAutoRenew: d.isAutoRenew,
      isLocked: d.isLocked,
      hasIdProtection: d.hasIdProtection,
      offersIdProtection: d.offersIdProtection,
      isManageable: d.isManageable,
      canToggleAutoRenew: d.canToggleAutoRenew,
      canManageDns: d.canManageDns,
      isFulfilmentFailing: d.isFulfilmentFailing,
      nameserverLines: d.nameservers
        .map((ns) => {
          const glue = d.glue.find((g) => g.host === ns)
          return glue ? `${ns}=${glue.ips.join(',')}` : ns
        })
        .join('\n'),
      dnsRecords: d.dnsRecords.map((r) => ({
        id: r.id,
        type: r.type,
        name: r.name,
        value: r.content,
        ttl: r.ttl,
        priority: r.priority,
        isEditable: r.type !== 'NS',
      })),
      renewalOptions: d.renewalOptions.map((o) => ({
        value: String(o.years),
        label: `${o.years} year${o.years === 1 ? '' : 's'} · ${m.of(o.amount)}`,
      })),
    },
    editing: editing
      ? {
          id: editing.id,
          type: editing.type,
          name: editing.name,
          value: editing.content,
          ttl: String(editing.ttl),
          priority: editing.priority === null ? '' : String(editing.priority),
        }
      : null,
    contact,
    contactError,
    countries: contact ? countrySelectOptions() : [],
    // Core's constants reach the page through the loader: the browser bundle never imports core.
    dnsTypes: DNS_RECORD_TYPES.map((t) => ({ value: t, label: t })),
    maxNameservers: MAX_NAMESERVERS,
  }
}

function stateMessage(state: ChangeState, done: string): string {
  return state === 'done'
    ? done
    : 'Your request is with our staff: they make this change at the registrar and let you know.'
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const { ctx } = await requireUser(args)
  const d = await loadDomain(ctx, args.params.domainId)
  const path = `/domains/${d.id}`
  const intent = String(form.get('intent') ?? '') as Intent
  const done = (message: string, hash = '') =>
    redirectWithFlash(`${path}${hash}`, { kind: 'success', message })
  switch (intent) {
    case 'nameservers': {
      const values = formText(form, ['nameservers'])
      const lines = values.nameservers.split(/\r?\n/).filter((l) => l.trim() !== '')
      try {
        const r = await setNameservers(ctx, { domainId: d.id, nameservers: lines })
        return done(stateMessage(r.state, `The nameservers of ${d.displayName} are updated.`), '#nameservers')
      } catch (error) {
        return refuse(error, {
          intent,
          fields: ['nameservers'],
          values,
          mapField: (f) => (f.startsWith('nameservers') ? 'nameservers' : f),
        })
      }
    }
    case 'dns-add':
    case 'dns-update': {
      const values = formText(form, [...DNS_FIELDS, 'recordId'])
      const input = {
        domainId: d.id,
        type: values.type,
        name: values.name,
        value: values.value,
        ttl: values.ttl || '3600',
        priority: values.priority,
      }
      try {
        const r =
          intent === 'dns-add'
            ? await addDnsRecord(ctx, input)
            : await updateDnsRecord(ctx, { ...input, recordId: values.recordId })
        return done(
          stateMessage(
            r.state,
            intent === 'dns-add' ? 'The DNS record is added.' : 'The DNS record is changed.',
          ),
          '#dns',
        )
      } catch (error) {
        return refuse(error, { intent, fields: DNS_FIELDS, values })
      }
    }
    case 'dns-delete': {
      try {
        const r = await deleteDnsRecord(ctx, { domainId: d.id, recordId: String(form.get('recordId') ?? '') })
        return done(stateMessage(r.state, 'The DNS record is deleted.'), '#dns')
      } catch (error) {
        return refuse(error, { intent, fields: [] })
      }
    }
    case 'lock': {
      try {
        const r = await setRegistrarLock(ctx, { domainId: d.id, isLocked: form.get('isLocked') })
        return done(
          stateMessage(
            r.state,
            r.isLocked
              ? `${d.displayName} is locked: it cannot be transferred away.`
              : `${d.displayName} is unlocked: it can be transferred to another registrar now.`,
          ),
          '#settings',
        )
      } catch (error) {
        return refuse(error, { intent, fields: [] })
      }
    }
    case 'auto-renew': {
      try {
        const r = await setAutoRenew(ctx, { domainId: d.id, isAutoRenew: form.get('isAutoRenew') })
        return done(
          r.isAutoRenew
            ? `Auto-renew is on: we invoice the renewal of ${d.displayName} before it expires.`
            : `Auto-renew is off: ${d.displayName} expires unless you renew it yourself.`,
          '#settings',
        )
      } catch (error) {
        return refuse(error, { intent, fields: [] })
      }
    }
    case 'id-protection': {
      try {
        const r = await setIdProtection(ctx, { domainId: d.id, isEnabled: form.get('isEnabled') })
        return done(
          stateMessage(r.state, r.hasIdProtection ? 'ID protection is on.' : 'ID protection is off.'),
          '#settings',
        )
      } catch (error) {
        return refuse(error, { intent, fields: [] })
      }
    }
    case 'epp': {
      try {
        const r = await requestEppCode(ctx, { domainId: d.id })
        return done(
          r.state === 'done'
            ? `The EPP code is on its way by email to ${r.emailedTo.join(', ')}.`
            : 'Your request is with our staff: they email you the EPP code.',
          '#epp',
        )
      } catch (error) {
        return refuse(error, { intent, fields: [] })
      }
    }
    case 'contact': {
      const values = formText(form, CONTACT_FIELDS)
      try {
        const r = await setDomainContact(ctx, { domainId: d.id, contact: values })
        return done(stateMessage(r.state, 'The WHOIS contact is updated at the registrar.'), '#contact')
      } catch (error) {
        return refuse(error, {
          intent,
          fields: CONTACT_FIELDS,
          values,
          mapField: (f) => f.replace(/^contact\./, ''),
        })
      }
    }
    case 'renew': {
      const values = formText(form, ['years'])
      try {
        const r = await requestDomainRenewal(ctx, { domainId: d.id, years: values.years })
        return redirectWithFlash(`/invoices/${r.invoiceId}`, {
          kind: 'success',
          message: `${r.isExisting ? 'This renewal is already invoiced' : 'Renewal invoiced'}: pay this invoice and ${d.displayName} is renewed at once.`,
        })
      } catch (error) {
        return refuse(error, { intent, fields: ['years'], values })
      }
    }
    default:
      throw new Response('Unknown action', { status: 400 })
  }
}

function Toggle({
  intent,
  name,
  isOn,
  on,
  off,
  busy,
}: {
  intent: Intent
  name: string
  isOn: boolean
  on: string
  off: string
  busy: boolean
}) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={name} value={isOn ? 'false' : 'true'} />
      <button type="submit" className="button button-secondary button-small" disabled={busy}>
        {isOn ? off : on}
      </button>
    </Form>
  )
}

export default function Domain() {
  const {
    domain: d,
    editing,
    contact,
    contactError,
    countries,
    dnsTypes,
    maxNameservers,
  } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>() as FormOutcome<Intent> | undefined
  const busy = useNavigation().state === 'submitting'
  const ns = refusalFor(outcome, 'nameservers')
  const dns = refusalFor(outcome, editing ? 'dns-update' : 'dns-add')
  const dnsDelete = refusalFor(outcome, 'dns-delete')
  const contactRefusal = refusalFor(outcome, 'contact')
  const renew = refusalFor(outcome, 'renew')
  const settingsError = (['lock', 'auto-renew', 'id-protection'] as const)
    .map((i) => refusalFor(outcome, i)?.formError)
    .find(Boolean)
  const epp = refusalFor(outcome, 'epp')
  const dnsValues = dns?.values ?? editing ?? { type: 'A', name: '@', value: '', ttl: '3600', priority: '' }
  const c = contactRefusal?.values ?? contact
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="crumb">
            <Link to="/domains">Domains</Link>
          </p>
          <h1>
            <span className="domain">{d.name}</span>{' '}
            <span className={`badge badge-${d.status.tone}`}>{d.status.label}</span>
          </h1>
          {d.ascii !== d.name ? <p className="lead domain">{d.ascii}</p> : null}
        </div>
      </div>

      {d.rawStatus === 'PENDING' || d.rawStatus === 'PENDING_TRANSFER' ? (
        <Notice kind="info">
          {d.rawStatus === 'PENDING' ? 'The registration' : 'The transfer'} of {d.name} is pending: it starts
          once its invoice is paid
          {d.isFulfilmentFailing ? ', and our staff are looking into a delay at the registrar' : ''}. You can
          manage the domain here when it is active.
        </Notice>
      ) : null}
      {d.rawStatus === 'GRACE' || d.rawStatus === 'REDEMPTION' ? (
        <Notice kind="warning">
          {d.name} has expired. Renew it below before it is released
          {d.rawStatus === 'REDEMPTION' ? ' (a restore fee applies in redemption)' : ''}.
        </Notice>
      ) : null}

      <div className="columns two">
        <section className="card" aria-labelledby="overview-title">
          <h2 id="overview-title">Overview</h2>
          <dl className="summary">
            <div>
              <dt>Status</dt>
              <dd>{d.status.label}</dd>
            </div>
            <div>
              <dt>Registered</dt>
              <dd>{d.registered || '—'}</dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>{d.expiry || '—'}</dd>
            </div>
            <div>
              <dt>Next due date</dt>
              <dd>{d.nextDue || '—'}</dd>
            </div>
            <div>
              <dt>Auto-renew</dt>
              <dd>{d.isAutoRenew ? 'On' : 'Off'}</dd>
            </div>
            <div>
              <dt>Registrar lock</dt>
              <dd>{d.isLocked ? 'Locked' : 'Unlocked'}</dd>
            </div>
            {d.offersIdProtection ? (
              <div>
                <dt>ID protection</dt>
                <dd>{d.hasIdProtection ? 'On' : 'Off'}</dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="card" id="settings" aria-labelledby="settings-title">
          <h2 id="settings-title">Lock, auto-renew and privacy</h2>
          <FormError message={settingsError} />
          <ul className="mini-list">
            {d.canToggleAutoRenew ? (
              <li>
                <span>
                  Auto-renew is <strong>{d.isAutoRenew ? 'on' : 'off'}</strong>
                </span>
                <Toggle
                  intent="auto-renew"
                  name="isAutoRenew"
                  isOn={d.isAutoRenew}
                  on="Turn auto-renew on"
                  off="Turn auto-renew off"
                  busy={busy}
                />
              </li>
            ) : null}
            {d.isManageable ? (
              <li>
                <span>
                  Registrar lock is <strong>{d.isLocked ? 'on' : 'off'}</strong>
                </span>
                <Toggle
                  intent="lock"
                  name="isLocked"
                  isOn={d.isLocked}
                  on="Lock the domain"
                  off="Unlock the domain"
                  busy={busy}
                />
              </li>
            ) : null}
            {d.isManageable && d.offersIdProtection ? (
              <li>
                <span>
                  ID protection is <strong>{d.hasIdProtection ? 'on' : 'off'}</strong>
                </span>
                <Toggle
                  intent="id-protection"
                  name="isEnabled"
                  isOn={d.hasIdProtection}
                  on="Turn ID protection on"
                  off="Turn ID protection off"
                  busy={busy}
                />
              </li>
            ) : null}
          </ul>
          <p className="muted small">
            The lock stops transfers to another registrar. Auto-renew invoices the renewal before the domain
            expires.
          </p>
        </section>
      </div>

      {d.isManageable ? (
        <>
          <section className="card" id="nameservers" aria-labelledby="nameservers-title">
            <h2 id="nameservers-title">Nameservers</h2>
            <Form method="post" noValidate className="form">
              <CsrfInput />
              <input type="hidden" name="intent" value="nameservers" />
              <FormError message={ns?.formError} />
              <TextareaField
                form="ns"
                name="nameservers"
                label="Nameservers"
                rows={4}
                defaultValue={ns?.values.nameservers ?? d.nameserverLines}
                error={ns?.fieldErrors.nameservers}
                hint={`One per line, 2 to ${maxNameservers}. A nameserver inside ${d.name} needs its IP address: ns1.${d.ascii}=192.0.2.1`}
              />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  Save nameservers
                </button>
              </div>
            </Form>
          </section>

          {d.canManageDns ? (
            <section className="card" id="dns" aria-labelledby="dns-title">
              <h2 id="dns-title">DNS records</h2>
              <FormError message={dnsDelete?.formError} />
              {d.dnsRecords.length ? (
                <div className="table-wrap">
                  <table className="table dns-table">
                    <thead>
                      <tr>
                        <th scope="col">Type</th>
                        <th scope="col">Name</th>
                        <th scope="col">Value</th>
                        <th scope="col" className="num">
                          TTL
                        </th>
                        <th scope="col" className="num">
                          Priority
                        </th>
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.dnsRecords.map((r) => (
                        <tr key={r.id} data-record-id={r.id}>
                          <td>{r.type}</td>
                          <td className="domain">{r.name}</td>
                          <td className="dns-value">{r.value}</td>
                          <td className="num">{r.ttl}</td>
                          <td className="num">{r.priority ?? ''}</td>
                          <td className="nowrap">
                            {r.isEditable ? (
                              <>
                                <Link to={`?edit=${r.id}#dns-form`} className="button-link">
                                  Edit
                                </Link>{' '}
                                <Form method="post" className="inline-form">
                                  <CsrfInput />
                                  <input type="hidden" name="intent" value="dns-delete" />
                                  <input type="hidden" name="recordId" value={r.id} />
                                  <button type="submit" className="button-link" disabled={busy}>
                                    Delete
                                  </button>
                                </Form>
                              </>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted">No records yet.</p>
              )}
              <h3 className="subhead" id="dns-form">
                {editing ? 'Change the record' : 'Add a record'}
              </h3>
              <Form method="post" noValidate className="form dns-form" key={editing?.id ?? 'new'}>
                <CsrfInput />
                <input type="hidden" name="intent" value={editing ? 'dns-update' : 'dns-add'} />
                {editing ? <input type="hidden" name="recordId" value={editing.id} /> : null}
                <FormError message={dns?.formError} />
                <SelectField
                  form="dns"
                  name="type"
                  label="Type"
                  options={dnsTypes}
                  defaultValue={dnsValues.type}
                  error={dns?.fieldErrors.type}
                />
                <Field
                  form="dns"
                  name="name"
                  label="Name"
                  defaultValue={dnsValues.name}
                  error={dns?.fieldErrors.name}
                  hint="@ for the domain itself, or www, mail, _sip._tcp…"
                />
                <Field
                  form="dns"
                  name="value"
                  label="Value"
                  defaultValue={dnsValues.value}
                  error={dns?.fieldErrors.value}
                  hint='An IP, a host name, text; SRV: weight port target; CAA: 0 issue "letsencrypt.org"'
                />
                <Field
                  form="dns"
                  name="ttl"
                  label="TTL"
                  inputMode="decimal"
                  defaultValue={dnsValues.ttl}
                  error={dns?.fieldErrors.ttl}
                  hint="Seconds, 60 to 86400"
                />
                <Field
                  form="dns"
                  name="priority"
                  label="Priority"
                  inputMode="decimal"
                  required={false}
                  defaultValue={dnsValues.priority ?? ''}
                  error={dns?.fieldErrors.priority}
                  hint="MX and SRV only"
                />
                <div className="actions">
                  <button type="submit" className="button" disabled={busy}>
                    {editing ? 'Save the record' : 'Add the record'}
                  </button>
                  {editing ? (
                    <Link to="?#dns" className="button button-secondary">
                      Cancel
                    </Link>
                  ) : null}
                </div>
              </Form>
            </section>
          ) : null}

          <div className="columns two">
            <section className="card" id="epp" aria-labelledby="epp-title">
              <h2 id="epp-title">Transfer (EPP) code</h2>
              <FormError message={epp?.formError} />
              <p className="muted">
                To move {d.name} to another registrar you need its EPP code. We email it to the account owner;
                it is never shown here.
              </p>
              {d.isLocked ? (
                <p className="muted small">The domain is locked: unlock it first to get its EPP code.</p>
              ) : null}
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="epp" />
                <button type="submit" className="button button-secondary" disabled={busy}>
                  Email me the EPP code
                </button>
              </Form>
            </section>

            <section className="card" id="contact" aria-labelledby="contact-title">
              <h2 id="contact-title">WHOIS contact</h2>
              {c ? (
                <Form method="post" noValidate className="form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="contact" />
                  <FormError message={contactRefusal?.formError} />
                  <Field
                    form="contact"
                    name="firstName"
                    label="First name"
                    defaultValue={c.firstName}
                    error={contactRefusal?.fieldErrors.firstName}
                  />
                  <Field
                    form="contact"
                    name="lastName"
                    label="Last name"
                    defaultValue={c.lastName}
                    error={contactRefusal?.fieldErrors.lastName}
                  />
                  <Field
                    form="contact"
                    name="companyName"
                    label="Company"
                    required={false}
                    defaultValue={c.companyName}
                    error={contactRefusal?.fieldErrors.companyName}
                  />
                  <Field
                    form="contact"
                    name="email"
                    label="Email"
                    type="email"
                    defaultValue={c.email}
                    error={contactRefusal?.fieldErrors.email}
                  />
                  <Field
                    form="contact"
                    name="phone"
                    label="Phone"
                    inputMode="tel"
                    defaultValue={c.phone}
                    error={contactRefusal?.fieldErrors.phone}
                    hint="+CC.NUMBER, for example +44.2079460000"
                  />
                  <Field
                    form="contact"
                    name="address1"
                    label="Address"
                    defaultValue={c.address1}
                    error={contactRefusal?.fieldErrors.address1}
                  />
                  <Field
                    form="contact"
                    name="city"
                    label="City"
                    defaultValue={c.city}
                    error={contactRefusal?.fieldErrors.city}
                  />
                  <Field
                    form="contact"
                    name="postcode"
                    label="Postcode"
                    defaultValue={c.postcode}
                    error={contactRefusal?.fieldErrors.postcode}
                  />
                  {countries.length ? (
                    <SelectField
                      form="contact"
                      name="country"
                      label="Country"
                      options={countries}
                      defaultValue={c.country}
                      error={contactRefusal?.fieldErrors.country}
                      placeholder="Choose a country"
                    />
                  ) : (
                    <Field
                      form="contact"
                      name="country"
                      label="Country (ISO code)"
                      defaultValue={c.country}
                      error={contactRefusal?.fieldErrors.country}
                    />
                  )}
                  <div className="actions">
                    <button type="submit" className="button" disabled={busy}>
                      Save the contact
                    </button>
                  </div>
                </Form>
              ) : (
                <>
                  {contactError ? <FormError message={contactError} /> : null}
                  <p className="muted">The registrant shown in WHOIS, as the registrar holds it.</p>
                  <Link to="?contact=1#contact" className="button button-secondary">
                    Show and edit the contact
                  </Link>
                </>
              )}
            </section>
          </div>
        </>
      ) : null}

      {d.renewalOptions.length &&
      !['PENDING', 'PENDING_TRANSFER', 'CANCELLED', 'TRANSFERRED_AWAY', 'FRAUD'].includes(d.rawStatus) ? (
        <section className="card" id="renew" aria-labelledby="renew-title">
          <h2 id="renew-title">Renew</h2>
          <Form method="post" noValidate className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="renew" />
            <FormError message={renew?.formError} />
            <SelectField
              form="renew"
              name="years"
              label="Renew for"
              options={d.renewalOptions}
              defaultValue={renew?.values.years ?? d.renewalOptions[0]?.value}
              error={renew?.fieldErrors.years}
              hint={d.expiry ? `Added to the current expiry, ${d.expiry}.` : undefined}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                Renew and pay
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
