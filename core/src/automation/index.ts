export { recordJobRun } from './record-job-run'
export { purgeExpiredRecords } from './purge-expired-records'
