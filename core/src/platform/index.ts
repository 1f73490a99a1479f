export * from './env'
export * from './job-queue'
export * from './listen-host'
export * from './body-limit'
