import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireValidForm } from '~/auth/csrf.server'
import { redirectWithFlash } from '~/auth/flash.server'
import { Field } from '~/components/field'
import { CsrfInput } from '~/components/hidden-fields'
import { FormError } from '~/components/notice'
import { refusalFor } from '~/forms/form-state'
import { formText } from '~/forms/form-values'
import { refuse } from '~/forms/refusal.server'
import { addDomainForShop } from '~/store/shop-cart.server'
import { getShop, shopHeaders } from '~/store/shop.server'

export const meta: MetaFunction = () => [{ title: 'Transfer a domain · Berth' }]

const FIELDS = ['name', 'eppCode'] as const

/** `/domains/transfer?name=example.com`: a domain registered elsewhere, moved here through the cart. */
export async function loader(args: LoaderFunctionArgs) {
  const shop = await getShop(args)
  const name = new URL(args.request.url).searchParams.get('name') ?? ''
  return data({ name: name.slice(0, 253) }, { headers: shopHeaders(shop) })
}

export async function action(args: ActionFunctionArgs) {
  const form = await requireValidForm(args)
  const shop = await getShop(args)
  const values = formText(form, [...FIELDS])
  let added
  try {
    added = await addDomainForShop(shop, {
      action: 'transfer',
      name: values.name,
      ...(values.eppCode ? { eppCode: values.eppCode } : {}),
    })
  } catch (error) {
    // The EPP code is a secret: it is never sent back into the form.
    return refuse<'transfer'>(error, { intent: 'transfer', fields: FIELDS, values: { name: values.name } })
  }
  return redirectWithFlash(
    '/cart',
    { kind: 'success', message: `The transfer of ${added.name} is in your cart.` },
    [...shop.cookies, ...added.cookies],
  )
}

export default function DomainTransfer() {
  const { name } = useLoaderData<typeof loader>()
  const refusal = refusalFor<'transfer'>(useActionData<typeof action>(), 'transfer')
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <h1>Transfer a domain to us</h1>
        <p className="lead">
          Unlock the domain at your current registrar and ask it for the EPP (transfer) code. The transfer
          starts once its invoice is paid and usually adds a year to the domain.{' '}
          <Link to="/domains/pricing">Transfer prices</Link>
        </p>
      </div>
      <section className="card narrow">
        <Form method="post" noValidate aria-label="Transfer a domain">
          <CsrfInput />
          <FormError message={refusal?.formError} />
          <Field
            form="transfer"
            name="name"
            label="Domain name"
            maxLength={253}
            autoComplete="off"
            defaultValue={refusal?.values.name ?? name}
            error={refusal?.fieldErrors.name}
          />
          <Field
            form="transfer"
            name="eppCode"
            label="EPP code"
            maxLength={255}
            autoComplete="off"
            hint="Also called the auth code or transfer key."
            error={refusal?.fieldErrors.eppCode}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Checking…' : 'Add the transfer to my cart'}
          </button>
        </Form>
      </section>
    </>
  )
}
