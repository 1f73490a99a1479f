import React, { useEffect, useState } from 'react'
import type { ActionProps } from 'adminjs'
import {
  Box,
  Button,
  CheckBox,
  FormGroup,
  FormMessage,
  Icon,
  Input,
  Label,
  MessageBox,
  SelectAsync,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  TextArea,
} from '@adminjs/design-system'
import { formatMinor, parseDecimal } from './money-text'
import { readData } from '../../actions/record-data'
import { adminApi, useRecordAction } from '../use-record-action'

interface ClientInfo {
  id: string
  name: string
  currency: { code: string; exponent: number; symbol: string }
  credit: string
  paymentTermsDays: number
}

interface Item {
  description: string
  quantity: string
  unitAmount: string
  isTaxable: boolean
}

interface FormData {
  client: ClientInfo
  items: Item[]
  issueDate: string
  dueDate: string
  notes: string
  adminNotes: string
}

const emptyItem = (): Item => ({ description: '', quantity: '1', unitAmount: '', isTaxable: true })
const num: React.CSSProperties = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' }

/**
 * Staff write an invoice by hand (new draft, or a draft's edit): the client (its currency decides
 * how amounts are typed), items with description, quantity, unit price as decimal text (negative =
 * a discount line) and a taxable flag, issue and due dates, notes for the client and for staff.
 * Line amounts are previewed with BigInt; the server parses everything again and computes the tax.
 */
const InvoiceForm: React.FC<ActionProps> = ({ record, resource, action }) => {
  const editing = Boolean(record?.id)
  const initial = readData<FormData>(record, 'berthInvoiceForm') ?? null

  const [client, setClient] = useState<ClientInfo | null>(initial?.client ?? null)
  const [items, setItems] = useState<Item[]>(initial?.items?.length ? initial.items : [emptyItem()])
  const [issueDate, setIssueDate] = useState(initial?.issueDate ?? '')
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? '')
  const [notes, setNotes] = useState(initial?.notes ?? '')
  const [adminNotes, setAdminNotes] = useState(initial?.adminNotes ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const { send, busy, addNotice } = useRecordAction({
    resourceId: resource.id,
    recordId: record?.id,
    actionName: action.name,
  })

  const chooseClient = async (clientId: string | null) => {
    if (!clientId) return setClient(null)
    const outcome = await send<{ client?: ClientInfo | null }>({
      actionName: 'new',
      recordId: null,
      params: { clientId },
      follow: false,
    })
    if (outcome.status === 'done') setClient(outcome.answer.client ?? null)
    else addNotice({ message: 'The client could not be loaded.', type: 'error' })
  }

  // "New invoice" from a client's page: /admin/resources/Invoice/actions/new?clientId=...
  useEffect(() => {
    if (editing) return
    const fromUrl = new URLSearchParams(window.location.search).get('clientId')
    if (fromUrl) chooseClient(fromUrl)
  }, [])

  const exponent = client?.currency.exponent ?? 2
  const code = client?.currency.code ?? ''
  const lineAmount = (item: Item): bigint | null => {
    const unit = parseDecimal(item.unitAmount, exponent)
    const qty = /^\d+$/.test(item.quantity.trim()) ? BigInt(item.quantity.trim()) : null
    return unit === null || qty === null ? null : unit * qty
  }
  const amounts = items.map(lineAmount)
  const subtotal = amounts.every((a) => a !== null)
    ? amounts.reduce<bigint>((a, b) => a + (b ?? 0n), 0n)
    : null

  const setItem = (index: number, patch: Partial<Item>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)))
  const err = (path: string) => errors[path]

  if (editing && record?.params?.status !== 'DRAFT') {
    return (
      <MessageBox
        m="xl"
        variant="info"
        message="Only a draft can be edited. A published invoice is cancelled or refunded instead."
      />
    )
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const data = { clientId: client?.id ?? '', items, issueDate, dueDate, notes, adminNotes }
    const outcome = await send({ data, recordId: editing ? record!.id : null })
    if (outcome.status === 'failed')
      return addNotice({ message: 'Saving failed. Please try again.', type: 'error' })
    setErrors(outcome.status === 'refused' ? outcome.errors : {})
    if (outcome.status === 'refused' && outcome.notice) addNotice(outcome.notice)
  }

  const loadClients = (query: string) =>
    adminApi
      .searchRecords({ resourceId: 'Client', query })
      .then((records) => records.map((r) => ({ value: r.id, label: r.title })))

  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="invoice-form">
      <FormGroup error={Boolean(err('clientId'))}>
        <Label htmlFor="invoice-client" required>
          Client
        </Label>
        {editing ? (
          <Text fontWeight="bold">{client?.name}</Text>
        ) : (
          <Box style={{ maxWidth: 480 }} data-testid="invoice-client">
            <SelectAsync
              inputId="invoice-client"
              cacheOptions
              defaultOptions
              loadOptions={loadClients}
              value={client ? { value: client.id, label: client.name } : null}
              onChange={(selected: { value: string } | null) => chooseClient(selected?.value ?? null)}
              placeholder="Search by company, name or email"
            />
          </Box>
        )}
        <FormMessage>
          {err('clientId') ??
            (client
              ? `Invoiced in ${client.currency.code}. Account credit: ${client.credit}.`
              : "The invoice is in the client's currency.")}
        </FormMessage>
      </FormGroup>

      <FormGroup error={Boolean(err('items'))}>
        <Label required>Items</Label>
        <Table data-testid="invoice-items-editor">
          <TableHead>
            <TableRow>
              <TableCell style={{ width: '46%' }}>Description</TableCell>
              <TableCell style={{ width: 90 }}>Qty</TableCell>
              <TableCell style={{ width: 170 }}>Unit price{code ? ` (${code})` : ''}</TableCell>
              <TableCell style={{ width: 80 }}>Taxable</TableCell>
              <TableCell style={{ ...num, width: 140 }}>Amount</TableCell>
              <TableCell style={{ width: 40 }} />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((item, i) => {
              const amount = amounts[i]
              return (
                <TableRow key={i} data-testid={`item-${i}`}>
                  <TableCell style={{ verticalAlign: 'top' }}>
                    <Input
                      width={1}
                      name={`items.${i}.description`}
                      aria-label={`Item ${i + 1} description`}
                      value={item.description}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                        setItem(i, { description: e.target.value })
                      }
                    />
                    {err(`items.${i}.description`) && (
                      <Text color="error" fontSize="sm">
                        {err(`items.${i}.description`)}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell style={{ verticalAlign: 'top' }}>
                    <Input
                      width={1}
                      name={`items.${i}.quantity`}
                      aria-label={`Item ${i + 1} quantity`}
                      inputMode="numeric"
                      style={num}
                      value={item.quantity}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                        setItem(i, { quantity: e.target.value })
                      }
                    />
                    {err(`items.${i}.quantity`) && (
                      <Text color="error" fontSize="sm">
                        {err(`items.${i}.quantity`)}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell style={{ verticalAlign: 'top' }}>
                    <Input
                      width={1}
                      name={`items.${i}.unitAmount`}
                      aria-label={`Item ${i + 1} unit price`}
                      inputMode="decimal"
                      placeholder="0.00"
                      style={num}
                      value={item.unitAmount}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                        setItem(i, { unitAmount: e.target.value })
                      }
                    />
                    {err(`items.${i}.unitAmount`) && (
                      <Text color="error" fontSize="sm">
                        {err(`items.${i}.unitAmount`)}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell style={{ verticalAlign: 'top', paddingTop: 14 }}>
                    <CheckBox
                      id={`item-${i}-taxable`}
                      aria-label={`Item ${i + 1} taxable`}
                      checked={item.isTaxable}
                      onChange={() => setItem(i, { isTaxable: !item.isTaxable })}
                    />
                  </TableCell>
                  <TableCell style={{ ...num, verticalAlign: 'top', paddingTop: 14 }}>
                    {amount === null || amount === undefined || !code
                      ? '—'
                      : formatMinor(amount, code, exponent)}
                  </TableCell>
                  <TableCell style={{ verticalAlign: 'top' }}>
                    <Button
                      type="button"
                      variant="text"
                      size="icon"
                      title="Remove this line"
                      aria-label={`Remove item ${i + 1}`}
                      disabled={items.length === 1}
                      onClick={() => setItems((list) => list.filter((_, j) => j !== i))}
                    >
                      <Icon icon="Trash2" />
                    </Button>
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
        <Box flex flexDirection="row" justifyContent="space-between" alignItems="center" mt="default">
          <Button
            type="button"
            variant="outlined"
            size="sm"
            onClick={() => setItems((list) => [...list, emptyItem()])}
            data-testid="add-item"
          >
            <Icon icon="Plus" /> Add item
          </Button>
          <Text style={num} data-testid="invoice-subtotal-preview">
            Subtotal before tax:{' '}
            <strong>{subtotal === null || !code ? '—' : formatMinor(subtotal, code, exponent)}</strong>
          </Text>
        </Box>
        <FormMessage>
          {err('items') ??
            'A negative unit price makes a discount line. Tax is computed from the tax rules when the draft is saved and again when it is published.'}
        </FormMessage>
      </FormGroup>

      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 32 }}>
        <Box width="260px">
          <FormGroup error={Boolean(err('issueDate'))}>
            <Label htmlFor="issueDate">Issue date</Label>
            <Input
              id="issueDate"
              name="issueDate"
              type="date"
              value={issueDate}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setIssueDate(e.target.value)}
            />
            <FormMessage>{err('issueDate') ?? 'Empty: the day it is published.'}</FormMessage>
          </FormGroup>
        </Box>
        <Box width="320px">
          <FormGroup error={Boolean(err('dueDate'))}>
            <Label htmlFor="dueDate">Due date</Label>
            <Input
              id="dueDate"
              name="dueDate"
              type="date"
              value={dueDate}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDueDate(e.target.value)}
            />
            <FormMessage>
              {err('dueDate') ??
                `Empty: the issue date plus ${client?.paymentTermsDays ?? 'the payment terms'} days.`}
            </FormMessage>
          </FormGroup>
        </Box>
      </Box>

      <FormGroup error={Boolean(err('notes'))}>
        <Label htmlFor="notes">Notes</Label>
        <TextArea
          id="notes"
          name="notes"
          width={1}
          rows={3}
          value={notes}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNotes(e.target.value)}
        />
        <FormMessage>{err('notes') ?? 'Printed on the invoice and shown to the client.'}</FormMessage>
      </FormGroup>
      <FormGroup error={Boolean(err('adminNotes'))}>
        <Label htmlFor="adminNotes">Staff notes</Label>
        <TextArea
          id="adminNotes"
          name="adminNotes"
          width={1}
          rows={2}
          value={adminNotes}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setAdminNotes(e.target.value)}
        />
        <FormMessage>{err('adminNotes') ?? 'Never shown to the client.'}</FormMessage>
      </FormGroup>

      <Button type="submit" variant="contained" disabled={busy} data-testid="save-invoice">
        {busy ? <Icon icon="Loader" spin /> : null}
        {editing ? 'Save draft' : 'Create draft'}
      </Button>
    </Box>
  )
}

export default InvoiceForm
