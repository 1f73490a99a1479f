export * from './env'
export * from './job-queue'
export * from './listen-host'
