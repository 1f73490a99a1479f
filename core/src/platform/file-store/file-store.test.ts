import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileStore, parseFileStoreUrl } from './create-file-store'
import type { FileStore } from './file-store'
import { LocalFileStore } from './local-file-store'
import { S3FileStore } from './s3-file-store'

const bytes = (s: string) => new TextEncoder().encode(s)

function behavesAsAFileStore(name: string, make: () => FileStore) {
  describe(name, () => {
    it('puts, gets and deletes by key; a missing key reads as null and deletes quietly', async () => {
      const store = make()
      await store.put('tickets/2026/12/a1', bytes('hello'), 'text/plain')
      expect(new TextDecoder().decode((await store.get('tickets/2026/12/a1'))!)).toBe('hello')
      expect(await store.get('tickets/2026/12/missing')).toBeNull()
      await store.delete('tickets/2026/12/a1')
      expect(await store.get('tickets/2026/12/a1')).toBeNull()
      await store.delete('tickets/2026/12/a1')
    })

    it('keeps binary content byte for byte', async () => {
      const store = make()
      const data = new Uint8Array(70_000).map((_, i) => (i * 31) % 256)
      await store.put('bin/x', data, 'application/octet-stream')
      expect(Buffer.from((await store.get('bin/x'))!).equals(Buffer.from(data))).toBe(true)
    })

    it.each(['../escape', '/abs', 'a/../../b', 'a//b', '', 'a\\b', '.hidden'])(
      'refuses the key %j',
      async (key) => {
        await expect(make().put(key, bytes('x'), 'text/plain')).rejects.toThrow(/unsafe file store key/)
      },
    )
  })
}

let dir: string
let s3: S3rver
let s3Dir: string
let endpoint: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-files-'))
  s3Dir = await mkdtemp(join(tmpdir(), 'berth-s3rver-'))
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: 'berth-files', configs: [] }],
  })
  const address = (await s3.run()) as AddressInfo
  endpoint = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  await s3.close()
  await rm(dir, { recursive: true, force: true })
  await rm(s3Dir, { recursive: true, force: true })
})

behavesAsAFileStore('LocalFileStore', () => new LocalFileStore(dir))

const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
behavesAsAFileStore(
  'S3FileStore against s3rver',
  () =>
    new S3FileStore({
      bucket: 'berth-files',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      prefix: 'app/',
      credentials: s3Credentials,
    }),
)

describe('LocalFileStore on disk', () => {
  it('writes the file under the key, readable only by its owner, and no temp files remain', async () => {
    const store = new LocalFileStore(dir)
    await store.put('perm/check', bytes('x'), 'text/plain')
    expect((await stat(join(dir, 'perm', 'check'))).mode & 0o777).toBe(0o600)
    expect(await readdir(join(dir, 'perm'))).toEqual(['check'])
  })
})

describe('S3FileStore', () => {
  it('stores under the prefix in the bucket, so two portal copies with the same URL share files', async () => {
    const url = `s3://berth-files/shared?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=1`
    const env = { FILE_STORE_URL: url, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' }
    const one = createFileStore(env)
    const two = createFileStore(env)
    expect(one).toBeInstanceOf(S3FileStore)
    await one.put('k/1', bytes('shared'), 'text/plain')
    expect(new TextDecoder().decode((await two.get('k/1'))!)).toBe('shared')
    const other = new S3FileStore({
      bucket: 'berth-files',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3Credentials,
    })
    expect(await other.get('shared/k/1')).not.toBeNull()
  })

  it('is refused with an unknown access key (s3rver checks the key id; it does not verify SigV4 secrets)', async () => {
    const store = new S3FileStore({
      bucket: 'berth-files',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'whatever' },
    })
    await expect(store.put('k/2', bytes('x'), 'text/plain')).rejects.toThrow(/Access Key Id/i)
  })

  it('reports a missing bucket instead of losing the file', async () => {
    const store = new S3FileStore({
      bucket: 'no-such-bucket',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3Credentials,
    })
    await expect(store.put('k/3', bytes('x'), 'text/plain')).rejects.toThrow(/bucket/i)
  })
})

describe('FILE_STORE_URL and FILE_STORE_DIR', () => {
  it('parses the documented URL format', () => {
    expect(
      parseFileStoreUrl(
        's3://my-bucket/some/prefix/?endpoint=http://127.0.0.1:9000&region=eu-west-1&forcePathStyle=1',
      ),
    ).toEqual({
      bucket: 'my-bucket',
      prefix: 'some/prefix/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
    })
    expect(parseFileStoreUrl('s3://files.example')).toEqual({
      bucket: 'files.example',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    })
  })

  it.each([
    ['http://bucket', /only s3/],
    ['s3://ab', /bucket name/],
    ['s3://key:secret@bucket', /credentials/],
    ['s3://bucket?endpoint=not a url', /endpoint/],
  ])('refuses %s', (url, message) => {
    expect(() => parseFileStoreUrl(url)).toThrow(message)
  })

  it('uses FILE_STORE_DIR when no URL is set', () => {
    const store = createFileStore({ FILE_STORE_DIR: dir })
    expect(store).toBeInstanceOf(LocalFileStore)
    expect((store as LocalFileStore).root).toBe(dir)
  })
})
