/** Namecheap's answer envelope (https://www.namecheap.com/support/api/intro/), built as text. */

export const escapeXml = (value: string | number | boolean): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  )

/** `<Tag A="1" B="x" />` or `<Tag A="1">inner</Tag>`; undefined attributes are left out. */
export function element(
  tag: string,
  attributes: Record<string, string | number | boolean | undefined>,
  inner?: string,
): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v!)}"`)
    .join('')
  return inner === undefined ? `<${tag}${attrs} />` : `<${tag}${attrs}>${inner}</${tag}>`
}

export const textElement = (tag: string, value: string | number): string =>
  `<${tag}>${escapeXml(value)}</${tag}>`

function envelope(status: 'OK' | 'ERROR', command: string, errors: string, body: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<ApiResponse Status="${status}" xmlns="http://api.namecheap.com/xml.response">`,
    errors,
    '  <Warnings />',
    `  <RequestedCommand>${escapeXml(command)}</RequestedCommand>`,
    body,
    '  <Server>FAKE-NAMECHEAP</Server>',
    '  <GMTTimeDifference>--5:00</GMTTimeDifference>',
    '  <ExecutionTime>0.012</ExecutionTime>',
    '</ApiResponse>',
  ].join('\n')
}

export function okResponse(command: string, result: string): string {
  return envelope(
    'OK',
    command,
    '  <Errors />',
    `  <CommandResponse Type="${escapeXml(command)}">\n    ${result}\n  </CommandResponse>`,
  )
}

export function errorResponse(command: string, number: string, message: string): string {
  return envelope(
    'ERROR',
    command,
    `  <Errors>\n    <Error Number="${escapeXml(number)}">${escapeXml(message)}</Error>\n  </Errors>`,
    '  <CommandResponse />',
  )
}

/** Namecheap's dates: month first, `MM/DD/YYYY`. */
export function namecheapDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()}`
}

/** renew's form: `4/30/2021 11:31:13 AM`. */
export function namecheapDateTime(date: Date): string {
  const h = date.getUTCHours()
  const pad = (n: number) => String(n).padStart(2, '0')
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${clock} ${h < 12 ? 'AM' : 'PM'}`
}
