export * from './parse-domain-name'
