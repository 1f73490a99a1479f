// The daily run's step pipeline (steps, batches under per-client locks, the run's report) and the
// JobRun record of background jobs: what automation runs and what the modules' own steps build on.
export * from './pipeline'
export * from './record-job-run'
