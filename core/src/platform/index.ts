export * from './env'
export * from './job-queue'
