import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * PayPal's webhook signature scheme: PAYPAL-TRANSMISSION-SIG is an RSA-SHA256 (SHA256withRSA)
 * signature, base64, of `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the raw
 * body, decimal>`, checkable with the certificate at PAYPAL-CERT-URL. The fake makes its own key
 * pair; its "certificate" URL serves the public key as PEM.
 */
export interface SigningKeys {
  privateKey: KeyObject
  publicKey: KeyObject
}

export const makeSigningKeys = (): SigningKeys => generateKeyPairSync('rsa', { modulusLength: 2048 })

export const bodyCrc = (rawBody: string): number => crc32(Buffer.from(rawBody, 'utf8'))

const message = (transmissionId: string, time: string, webhookId: string, rawBody: string) =>
  Buffer.from(`${transmissionId}|${time}|${webhookId}|${bodyCrc(rawBody)}`, 'utf8')

export function signTransmission(
  keys: SigningKeys,
  transmissionId: string,
  time: string,
  webhookId: string,
  rawBody: string,
): string {
  return sign('sha256', message(transmissionId, time, webhookId, rawBody), keys.privateKey).toString('base64')
}

export function checkTransmission(
  keys: SigningKeys,
  transmissionId: string,
  time: string,
  webhookId: string,
  rawBody: string,
  signature: string,
): boolean {
  return verify(
    'sha256',
    message(transmissionId, time, webhookId, rawBody),
    keys.publicKey,
    Buffer.from(signature, 'base64'),
  )
}

/**
 * The exact text of the top-level member `key` of a JSON object text (PayPal computes the CRC over
 * the event as sent, so a client that re-serializes the event can break the signature).
 */
export function rawMember(jsonText: string, key: string): string | undefined {
  let depth = 0
  let i = 0
  const n = jsonText.length
  const skipString = (start: number): number => {
    let j = start + 1
    while (j < n && jsonText[j] !== '"') j += jsonText[j] === '\\' ? 2 : 1
    return j + 1
  }
  while (i < n) {
    const c = jsonText[i]!
    if (c === '"') {
      const end = skipString(i)
      if (depth === 1) {
        const name = JSON.parse(jsonText.slice(i, end)) as string
        let j = end
        while (/\s/.test(jsonText[j] ?? '')) j++
        if (jsonText[j] === ':' && name === key) {
          j++
          while (/\s/.test(jsonText[j] ?? '')) j++
          const start = j
          let d = 0
          while (j < n) {
            const ch = jsonText[j]!
            if (ch === '"') {
              j = skipString(j)
              if (d === 0) return jsonText.slice(start, j)
              continue
            }
            if (ch === '{' || ch === '[') d++
            else if (ch === '}' || ch === ']') {
              if (d === 0) return jsonText.slice(start, j).trimEnd()
              d--
              if (d === 0) return jsonText.slice(start, j + 1)
            } else if (ch === ',' && d === 0) return jsonText.slice(start, j).trimEnd()
            j++
          }
          return undefined
        }
      }
      i = end
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    i++
  }
  return undefined
}
