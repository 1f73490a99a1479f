export { queueEmail, queueEmails, type QueueEmailInput } from './queue-email'
export { deliverEmail, type DeliverOptions, type DeliveryOutcome } from './deliver-email'
