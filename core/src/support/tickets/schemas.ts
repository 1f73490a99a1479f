import { z } from 'zod'

const optionalId = z
  .union([z.literal(''), z.uuid('Choose a service from the list.')])
  .optional()
  .transform((v) => (v ? v : undefined))

export const ticketMessageBody = z
  .string({ message: 'Write a message.' })
  .trim()
  .min(1, 'Write a message.')
  .max(20_000, 'The message can be at most 20,000 characters.')

export const openTicketInput = z.object({
  departmentId: z.uuid('Choose a department.'),
  subject: z
    .string({ message: 'Enter a subject.' })
    .trim()
    .min(1, 'Enter a subject.')
    .max(200, 'The subject can be at most 200 characters.'),
  message: ticketMessageBody,
  priority: z.enum(['LOW', 'MEDIUM', 'HIGH', 'URGENT']).default('MEDIUM'),
  serviceId: optionalId,
})
export type OpenTicketInput = z.input<typeof openTicketInput>

export const replyToTicketInput = z.object({
  number: z.string().trim().min(1),
  message: ticketMessageBody,
})
export type ReplyToTicketInput = z.input<typeof replyToTicketInput>
