import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import {
  closeTicket,
  formatBytes,
  getAttachmentRules,
  getClientTicket,
  isDomainError,
  renderMarkdown,
  reopenTicket,
  replyAsClient,
} from '@berth/core'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { requireUser } from '~/auth/principal.server'
import { AttachmentsField } from '~/components/attachments-field'
import { TextareaField } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { useFocusFirstError } from '~/components/use-focus-error'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { forwardRetryAfter } from '~/forms/headers'
import { refuse } from '~/forms/refusal.server'
import { readTicketForm, statusTone, ticketDate } from '~/tickets/tickets.server'

export const headers = forwardRetryAfter

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Ticket #${data.ticket.number} · Berth` : 'Ticket · Berth' },
]

const REPLY = 'reply'
const CLOSE = 'close'
const REOPEN = 'reopen'

function notFound(): Response {
  return new Response('Not found', { status: 404, statusText: 'Not Found' })
}

/**
 * `/tickets/:number`: one of the client's own tickets (another client's number is a plain 404),
 * its thread with Markdown rendered safely by core's renderMarkdown, and the reply, close and
 * reopen forms. Staff internal notes are never loaded.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { ctx } = await requireUser(args)
  let t
  try {
    t = await getClientTicket(ctx, args.params.number ?? '')
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') throw notFound()
    throw error
  }
  const rules = await getAttachmentRules(ctx.db)
  return {
    ticket: {
      number: t.publicNumber,
      subject: t.subject,
      status: { label: t.statusLabel, tone: statusTone(t.status) },
      priority: t.priorityLabel,
      department: t.departmentName,
      service: t.serviceLabel,
      opened: ticketDate(t.createdAt),
      canReply: t.canReply,
      canClose: t.canClose,
      canReopen: t.canReopen,
      isClosed: t.status === 'CLOSED',
    },
    messages: t.messages.map((m) => ({
      id: m.id,
      author: m.author,
      authorName: m.authorName,
      html: renderMarkdown(m.body),
      at: ticketDate(m.createdAt),
      attachments: m.attachments.map((a) => ({
        href: `/tickets/${t.publicNumber}/attachments/${a.id}`,
        name: a.fileName,
        size: formatBytes(a.size),
      })),
    })),
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
  const number = args.params.number ?? ''
  let values: Record<string, string> = {}
  let intent: string = REPLY
  try {
    const { form, files } = await readTicketForm(args)
    intent = String(form.get('intent') ?? REPLY)
    if (intent === CLOSE) {
      await closeTicket(ctx, { number })
      return redirectWithFlash(`/tickets/${number}`, { kind: 'success', message: 'The ticket is closed.' })
    }
    if (intent === REOPEN) {
      await reopenTicket(ctx, { number })
      return redirectWithFlash(`/tickets/${number}`, {
        kind: 'success',
        message: 'The ticket is open again.',
      })
    }
    const text = formText(form, ['message'])
    values = text
    await replyAsClient(ctx, { number, message: text.message }, { files })
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') throw notFound()
    return refuse(error, {
      ...(intent === REPLY ? { intent: REPLY } : {}),
      fields: ['message', 'attachments'],
      values,
    })
  }
  return redirectWithFlash(`/tickets/${number}`, { kind: 'success', message: 'Your reply was sent.' })
}

export default function Ticket() {
  const { ticket, messages, attachments } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const refusal = refusalFor(outcome, REPLY)
  const otherRefusal = refusalFor(outcome)
  const formRef = useFocusFirstError(refusal)
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  return (
    <>
      <div className="page-head">
        <p className="crumb">
          <Link to="/tickets">Support tickets</Link>
        </p>
        <h1>{ticket.subject}</h1>
        <p className="lead">
          Ticket #{ticket.number} ·{' '}
          <span className={`badge badge-${ticket.status.tone}`}>{ticket.status.label}</span>
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>Department</dt>
          <dd>{ticket.department}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{ticket.priority}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{ticket.opened}</dd>
        </div>
        {ticket.service ? (
          <div>
            <dt>Related service</dt>
            <dd>{ticket.service}</dd>
          </div>
        ) : null}
      </dl>
      <FormError message={otherRefusal?.formError} />
      <section aria-label="Conversation" className="thread">
        {messages.map((m) => (
          <article
            key={m.id}
            className={`card message message-${m.author}`}
            aria-label={`${m.authorName}, ${m.at}`}
          >
            <header className="message-head">
              <strong>{m.authorName}</strong> <span className="muted">{m.at}</span>
            </header>
            {/* renderMarkdown's output is sanitized (allowlist, no scripts, no event handlers). */}
            <div className="markdown" dangerouslySetInnerHTML={{ __html: m.html }} />
            {m.attachments.length ? (
              <ul className="attachments" aria-label="Attachments">
                {m.attachments.map((a) => (
                  <li key={a.href}>
                    <a href={a.href} download>
                      {a.name}
                    </a>{' '}
                    <span className="muted">({a.size})</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
      </section>
      {ticket.canReply ? (
        <section className="card" aria-labelledby="reply-title">
          <h2 id="reply-title">Reply</h2>
          {ticket.isClosed ? <p className="muted">This ticket is closed; replying opens it again.</p> : null}
          <Form method="post" encType="multipart/form-data" noValidate className="form" ref={formRef}>
            <CsrfInput />
            <input type="hidden" name="intent" value={REPLY} />
            <FormError message={refusal?.formError} />
            <TextareaField
              form="reply"
              name="message"
              label="Message"
              rows={8}
              maxLength={20000}
              defaultValue={refusal?.values.message}
              error={refusal?.fieldErrors.message}
              hint="You can use Markdown."
            />
            {attachments.hint ? (
              <AttachmentsField
                form="reply"
                accept={attachments.accept}
                hint={attachments.hint}
                error={refusal?.fieldErrors.attachments}
              />
            ) : null}
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Sending…' : 'Send reply'}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="muted">This ticket is closed. Please open a new ticket if you need more help.</p>
      )}
      <div className="actions">
        {ticket.canClose ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value={CLOSE} />
            <button type="submit" className="button button-secondary" disabled={busy}>
              Close ticket
            </button>
          </Form>
        ) : null}
        {ticket.canReopen ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value={REOPEN} />
            <button type="submit" className="button button-secondary" disabled={busy}>
              Reopen ticket
            </button>
          </Form>
        ) : null}
        <Link to="/tickets/new">Open another ticket</Link>
      </div>
    </>
  )
}
