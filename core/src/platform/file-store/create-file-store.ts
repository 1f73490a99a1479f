import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { FileStore } from './file-store'
import { LocalFileStore } from './local-file-store'
import { S3FileStore } from './s3-file-store'

/** `<repository>/.data/files`, beside the embedded PostgreSQL's ./.data of `npm start`. */
export const DEFAULT_FILE_STORE_DIR = fileURLToPath(new URL('../../../../.data/files', import.meta.url))

/**
 * FILE_STORE_URL names an S3-compatible bucket:
 *   s3://<bucket>[/<prefix>]?endpoint=<http(s) URL>&region=<region>&forcePathStyle=1
 * endpoint is optional (AWS itself when absent), region defaults to us-east-1, forcePathStyle to 0.
 * Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the SDK's usual chain),
 * never from the URL.
 */
export function parseFileStoreUrl(url: string): {
  bucket: string
  prefix: string
  endpoint?: string
  region: string
  forcePathStyle: boolean
} {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error('FILE_STORE_URL: must look like s3://bucket?endpoint=http://host:port&region=us-east-1')
  }
  if (parsed.protocol !== 's3:') throw new Error('FILE_STORE_URL: only s3:// URLs are supported')
  if (parsed.username || parsed.password) {
    throw new Error('FILE_STORE_URL: put credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, not the URL')
  }
  const bucket = parsed.hostname
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error('FILE_STORE_URL: the bucket name must be 3-63 lower-case letters, digits, dots or dashes')
  }
  const path = parsed.pathname.replace(/^\/+|\/+$/g, '')
  const prefix = path ? `${path}/` : ''
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined
  if (endpoint !== undefined && !z.string().url().safeParse(endpoint).success) {
    throw new Error('FILE_STORE_URL: endpoint must be an http(s) URL')
  }
  const flag = parsed.searchParams.get('forcePathStyle')
  return {
    bucket,
    prefix,
    ...(endpoint ? { endpoint } : {}),
    region: parsed.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: flag === '1' || flag === 'true',
  }
}

/** The file store this process uses: S3 when FILE_STORE_URL is set, else FILE_STORE_DIR or the default dir. */
export function createFileStore(env: NodeJS.ProcessEnv = process.env): FileStore {
  if (env.FILE_STORE_URL) {
    const options = parseFileStoreUrl(env.FILE_STORE_URL)
    const credentials =
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
        : undefined
    return new S3FileStore({ ...options, ...(credentials ? { credentials } : {}) })
  }
  return new LocalFileStore(env.FILE_STORE_DIR || DEFAULT_FILE_STORE_DIR)
}

let shared: FileStore | undefined
/** One store per process, made on first use. Tests pass their own store instead. */
export function getFileStore(): FileStore {
  shared ??= createFileStore()
  return shared
}
