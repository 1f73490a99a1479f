// Domain orders (issue 12): what happens when a DOMAIN invoice item is paid.
export {
  fulfilPaidDomainItem,
  runDomainFulfilJob,
  retryDomainFulfilment,
  retryDomainFulfilmentInput,
  queueDomainFulfilment,
  domainFulfilJobSchema,
  DOMAIN_FULFIL_RETRY,
  type DomainFulfilment,
} from './fulfil-paid-domain-item'
