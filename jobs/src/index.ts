export { startWorker, type Worker } from './worker'
export { handleSendEmail } from './handlers/send-email'
