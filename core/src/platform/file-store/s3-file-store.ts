import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { assertSafeKey, type FileStore } from './file-store'

export interface S3FileStoreOptions {
  bucket: string
  /** an S3-compatible endpoint (MinIO, R2, s3rver); omit for AWS itself */
  endpoint?: string
  region: string
  forcePathStyle: boolean
  /** a key prefix inside the bucket, e.g. "berth/" */
  prefix?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** Files in an S3-compatible bucket, so several portal copies share them. */
export class S3FileStore implements FileStore {
  private readonly client: S3Client

  constructor(private readonly options: S3FileStoreOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    }
    this.client = new S3Client(config)
  }

  private keyOf(key: string): string {
    assertSafeKey(key)
    return `${this.options.prefix ?? ''}${key}`
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.keyOf(key),
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.byteLength,
      }),
    )
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }),
      )
      if (!out.Body) return null
      return await out.Body.transformToByteArray()
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }))
  }

  close(): void {
    this.client.destroy()
  }
}
