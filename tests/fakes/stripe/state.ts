import type Stripe from 'stripe'
import type { FakeResponse } from '../http'
import { noSuch } from './errors'
import type { SessionInput } from './objects'
import { defaultFee } from './params'
import type { FakeStripeOptions, RecordedStripeRequest } from './types'

type StoredObject = { object: string; id: string }

/** Everything one fake Stripe remembers: its settings, its objects by id, and what it recorded. */
export class StripeState {
  readonly options: FakeStripeOptions
  readonly secretKey: string
  readonly webhookSecret: string
  readonly fee: (amount: number, currency: string) => number
  /** the server's address, once it listens (hosted page and checkout URLs) */
  baseUrl = ''

  readonly objects = new Map<string, StoredObject>()
  readonly sessionExtras = new Map<string, SessionInput>()
  readonly idempotent = new Map<string, { fingerprint: string; response: FakeResponse }>()
  readonly requests: RecordedStripeRequest[] = []
  readonly events: Stripe.Event[] = []
  readonly deliveries: { eventId: string; status: number | 'error'; body: string }[] = []
  readonly serverErrors: unknown[] = []
  nextRefundStatus: 'succeeded' | 'pending' = 'succeeded'
  deliveryQueue = Promise.resolve()

  constructor(initialOptions: FakeStripeOptions) {
    this.options = { ...initialOptions }
    this.secretKey = this.options.secretKey ?? 'sk_test_berthfake0000000000000000'
    this.webhookSecret = this.options.webhookSecret ?? 'whsec_berthfake000000000000000000000000'
    this.fee = this.options.fee ?? defaultFee
  }

  put<T extends StoredObject>(o: T): T {
    this.objects.set(o.id, o)
    return o
  }

  get<T>(kind: string, id: string): T {
    const found = this.objects.get(id)
    if (!found || found.object !== kind) throw noSuch(kind, id)
    return found as T
  }

  /** every stored object of one kind that passes `keep`, newest first (Stripe's list order) */
  newestFirst<T>(kind: string, keep: (o: T) => boolean): T[] {
    const found = [...this.objects.values()].filter((o) => o.object === kind && keep(o as T)) as T[]
    return found.reverse()
  }

  session = (id: string) => this.get<Stripe.Checkout.Session>('checkout.session', id)
  paymentIntent = (id: string) => this.get<Stripe.PaymentIntent>('payment_intent', id)
  charge = (id: string) => this.get<Stripe.Charge>('charge', id)
  refund = (id: string) => this.get<Stripe.Refund>('refund', id)
  dispute = (id: string) => this.get<Stripe.Dispute>('dispute', id)
  balanceTransaction = (id: string) => this.get<Stripe.BalanceTransaction>('balance_transaction', id)

  /** the settlement currency and exchange rate (null: none) for money in `currency` */
  settlementOf(currency: string): { settlement: string; rate: number | null } {
    const settlement = this.options.settlementCurrency?.toLowerCase() ?? currency
    return { settlement, rate: settlement === currency ? null : (this.options.exchangeRate ?? 1) }
  }
}
