import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { formatBytes, getAttachmentRules, getNewTicketOptions, openTicket } from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { requireUser } from '~/auth/principal.server'
import { Field, SelectField, TextareaField } from '~/components/field'
import { AttachmentsField } from '~/components/attachments-field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse } from '~/forms/refusal.server'
import { readTicketForm } from '~/tickets/tickets.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction = () => [{ title: 'Open a ticket · Berth' }]

const FIELDS = ['departmentId', 'subject', 'message', 'serviceId', 'priority', 'attachments'] as const

/** `/tickets/new`: the client opens a ticket, with KB suggestions while they type the subject. */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  const [options, rules] = await Promise.all([getNewTicketOptions(ctx), getAttachmentRules(ctx.db)])
  const url = new URL(args.request.url)
  return {
    ...options,
    preselectedServiceId: url.searchParams.get('service') ?? '',
    attachments: {
      accept: rules.extensions.map((e) => `.${e}`).join(','),
      hint:
        rules.maxCount > 0
          ? `Up to ${rules.maxCount} file${rules.maxCount === 1 ? '' : 's'}, ${formatBytes(rules.maxBytes)} each: ${rules.extensions.join(', ')}.`
          : null,
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  await requireValidForm(args)
  const { ctx } = await requireUser(args)
  let values: Record<string, string> = {}
  let ticket
  try {
    const { form, files } = await readTicketForm(args)
    const text = formText(form, ['departmentId', 'subject', 'message', 'serviceId', 'priority'])
    values = text
    ticket = await openTicket(
      ctx,
      { ...text, priority: (text.priority || 'MEDIUM') as 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT' },
      { files },
    )
  } catch (error) {
    return refuse(error, { fields: FIELDS, values })
  }
  return redirect(`/tickets/${ticket.publicNumber}`)
}

interface Suggestion {
  title: string
  slug: string
  snippet: string
}

/** Knowledgebase articles matching the subject as it is typed (GET /kb/suggest), debounced. */
function useKbSuggestions(query: string): Suggestion[] {
  const [hits, setHits] = useState<Suggestion[]>([])
  useEffect(() => {
    const q = query.trim()
    if (q.length < 3) {
      setHits([])
      return
    }
    const controller = new AbortController()
    const timer = setTimeout(() => {
      fetch(`/kb/suggest?${new URLSearchParams({ q })}`, { signal: controller.signal })
        .then((r) => (r.ok ? (r.json() as Promise<Suggestion[]>) : []))
        .then((list) => setHits(Array.isArray(list) ? list.slice(0, 5) : []))
        .catch(() => {})
    }, 300)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [query])
  return hits
}

export default function NewTicket() {
  const { departments, services, preselectedServiceId, attachments } = useLoaderData<typeof loader>()
  const refusal = refusalFor(useActionData<typeof action>())
  const formRef = useFocusFirstError(refusal)
  const busy = useNavigation().state === 'submitting'
  const [subject, setSubject] = useState(refusal?.values.subject ?? '')
  const suggestions = useKbSuggestions(subject)
  const v = refusal?.values ?? {}
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/tickets">Support tickets</Link>
        </p>
        <h1>Open a ticket</h1>
        <p className="lead">Tell us what you need; we answer here and by email.</p>
      </div>
      <section className="card" aria-labelledby="new-ticket-title">
        <h2 id="new-ticket-title" className="visually-hidden">
          Your question
        </h2>
        {departments.length === 0 ? (
          <p>Support is not available at the moment. Please try again later.</p>
        ) : (
          <Form
            method="post"
            encType="multipart/form-data"
            noValidate
            className="form"
            ref={formRef}
            onChange={(e) => {
              const target = e.target as HTMLInputElement
              if (target.name === 'subject') setSubject(target.value)
            }}
          >
            <CsrfInput />
            <FormError message={refusal?.formError} />
            <SelectField
              form="ticket"
              name="departmentId"
              label="Department"
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
              placeholder={departments.length > 1 ? 'Choose a department' : undefined}
              defaultValue={v.departmentId ?? (departments.length === 1 ? departments[0]!.id : '')}
              error={refusal?.fieldErrors.departmentId}
            />
            <Field
              form="ticket"
              name="subject"
              label="Subject"
              maxLength={200}
              autoComplete="off"
              defaultValue={v.subject}
              error={refusal?.fieldErrors.subject}
            />
            {suggestions.length ? (
              <aside className="notice notice-info" aria-live="polite" aria-label="Articles that may help">
                <p>These articles may answer your question:</p>
                <ul>
                  {suggestions.map((s) => (
                    <li key={s.slug}>
                      <a href={`/kb/${encodeURIComponent(s.slug)}`} target="_blank" rel="noopener">
                        {s.title}
                      </a>
                      {s.snippet ? <span className="sub"> {s.snippet}</span> : null}
                    </li>
                  ))}
                </ul>
              </aside>
            ) : null}
            <TextareaField
              form="ticket"
              name="message"
              label="Message"
              rows={10}
              maxLength={20000}
              defaultValue={v.message}
              error={refusal?.fieldErrors.message}
              hint="You can use Markdown: **bold**, _italic_, `code`, lists and links."
            />
            {services.length ? (
              <SelectField
                form="ticket"
                name="serviceId"
                label="Related service"
                required={false}
                placeholder="None"
                options={services.map((s) => ({ value: s.id, label: s.label }))}
                defaultValue={v.serviceId ?? preselectedServiceId}
                error={refusal?.fieldErrors.serviceId}
              />
            ) : null}
            <SelectField
              form="ticket"
              name="priority"
              label="Priority"
              options={[
                { value: 'LOW', label: 'Low' },
                { value: 'MEDIUM', label: 'Medium' },
                { value: 'HIGH', label: 'High' },
                { value: 'URGENT', label: 'Urgent' },
              ]}
              defaultValue={v.priority || 'MEDIUM'}
              error={refusal?.fieldErrors.priority}
            />
            {attachments.hint ? (
              <AttachmentsField
                accept={attachments.accept}
                hint={attachments.hint}
                error={refusal?.fieldErrors.attachments}
              />
            ) : null}
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Sending…' : 'Open ticket'}
              </button>
            </div>
          </Form>
        )}
      </section>
    </>
  )
}
