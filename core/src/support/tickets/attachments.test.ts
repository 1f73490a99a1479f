import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, visitorRequest } from '@berth/tests/support/factories'
import { makeDepartment } from '@berth/tests/support/desk-factories'
import { LocalFileStore, type FileStore } from '../../platform'
import { checkAttachments, cleanFileName, type AttachmentRules, type UploadedFile } from './attachments'
import { openTicket } from './open-ticket'
import { replyAsClient } from './reply-as-client'

const db = getDb()
const enc = (s: string) => new TextEncoder().encode(s)
const cat = (...parts: (Uint8Array | string)[]) =>
  new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))),
  )
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const PDF = enc('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0])
const rules: AttachmentRules = {
  extensions: ['jpg', 'jpeg', 'png', 'gif', 'pdf', 'txt', 'log', 'zip'],
  maxBytes: 1024,
  maxCount: 3,
}

describe('checkAttachments', () => {
  it.each([
    ['photo.jpg', JPEG, 'image/jpeg'],
    ['Photo.JPEG', JPEG, 'image/jpeg'],
    ['shot.png', PNG, 'image/png'],
    ['anim.gif', enc('GIF89a\x01\x00'), 'image/gif'],
    ['invoice.pdf', PDF, 'application/pdf'],
    ['notes.txt', enc('héllo wörld\n'), 'text/plain; charset=utf-8'],
    ['server.log', enc('2026-12-04 error <b> in line 3\n'), 'text/plain; charset=utf-8'],
    ['logs.zip', ZIP, 'application/zip'],
    ['version.1.2.png', PNG, 'image/png'],
  ])('accepts %s', (name, bytes, contentType) => {
    const { files, issues } = checkAttachments([{ name, bytes }], rules)
    expect(issues).toEqual([])
    expect(files[0]).toMatchObject({ contentType, size: bytes.length })
    expect(files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each([
    ['page.html', enc('<html><script>alert(1)</script></html>'), /only jpg/],
    ['image.svg', enc('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), /only jpg/],
    ['shell.php', enc('<?php system($_GET["c"]); ?>'), /only jpg/],
    ['noext', PNG, /only jpg/],
    ['shell.php.jpg', JPEG, /\.php part/],
    ['shell.PHP5.png', PNG, /\.php5 part/],
    ['page.html.png', PNG, /\.html part/],
    ['x.svg.gif', enc('GIF89a'), /\.svg part/],
    ['run.exe.pdf', PDF, /\.exe part/],
    ['shell.php%00.jpg', JPEG, /\.php00 part/],
    ['fake.jpg', enc('<?php echo 1; ?>'), /not a real \.jpg/],
    ['fake.png', JPEG, /not a real \.png/],
    ['fake.pdf', enc('hello'), /not a real \.pdf/],
    ['fake.zip', enc('PK'), /not a real \.zip/],
    ['polyglot.jpg', cat(JPEG, '....<html><body><script>alert(1)</script>'), /HTML or script/],
    ['polyglot.png', cat(PNG, 'xx<SVG onload=alert(1)>'), /HTML or script/],
    ['polyglot.gif', cat('GIF89a', '/*<?php system($x) ?>*/'), /HTML or script/],
    ['page.txt', enc('  <!DOCTYPE html><html></html>'), /plain UTF-8/],
    ['image.txt', enc('<svg onload=alert(1)>'), /plain UTF-8/],
    ['binary.log', new Uint8Array([0x41, 0x00, 0x42]), /plain UTF-8/],
    ['latin1.txt', new Uint8Array([0x68, 0xe9, 0x6c]), /plain UTF-8/],
    ['empty.png', new Uint8Array(), /empty/],
    ['huge.png', cat(PNG, new Uint8Array(2000)), /larger than 1 KB/],
    ['nul\u0000.png', PNG, /control characters/],
  ])('refuses %s', (name, bytes, message) => {
    const { files, issues } = checkAttachments([{ name, bytes }], rules)
    expect(files).toEqual([])
    expect(issues).toHaveLength(1)
    expect(issues[0]!.field).toBe('attachments')
    expect(issues[0]!.message).toMatch(message)
  })

  it('finds HTML deep inside an image, and <svg where sniffers look', () => {
    const big = { ...rules, maxBytes: 1024 * 1024 }
    const deep = cat(JPEG, new Uint8Array(500_000), '<script>alert(1)</script>')
    expect(checkAttachments([{ name: 'deep.jpg', bytes: deep }], big).issues[0]!.message).toMatch(
      /HTML or script/,
    )
    const svgLate = cat(PNG, new Uint8Array(500_000), '<svg')
    expect(checkAttachments([{ name: 'late.png', bytes: svgLate }], big).issues).toEqual([])
  })

  it('refuses more files than allowed, naming the limit', () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, bytes: PNG }))
    expect(checkAttachments(four, rules).issues).toEqual([
      { field: 'attachments', message: 'Attach at most 3 files.' },
    ])
  })

  it('accepts only the extensions the setting lists', () => {
    expect(
      checkAttachments([{ name: 'a.zip', bytes: ZIP }], { ...rules, extensions: ['png'] }).issues[0]!.message,
    ).toMatch(/only png files/)
  })
})

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['..\\..\\windows\\win.ini.txt', 'win.ini.txt'],
    ['/var/www/shell.png', 'shell.png'],
    ['....png', 'png'],
    ['a<b>c"d|e?.png', 'a_b_c_d_e_.png'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
    ['Résumé (final).pdf', 'Résumé (final).pdf'],
    ['', 'file'],
    [`${'x'.repeat(300)}.png`, `${'x'.repeat(116)}.png`],
  ])('%j → %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean)
  })

  it('a traversal name is accepted under its cleaned name and stored under a generated key', () => {
    const { files } = checkAttachments([{ name: '../../../portal/public/x.png', bytes: PNG }], rules)
    expect(files[0]!.fileName).toBe('x.png')
  })
})

describe('attacks through openTicket and replyAsClient: refused with a field error, nothing stored', () => {
  let dir: string
  let store: LocalFileStore
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-attach-'))
    store = new LocalFileStore(dir)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  const blobs = async () =>
    (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length

  const attacks: [string, UploadedFile[]][] = [
    ['.html', [{ name: 'x.html', bytes: enc('<html><script>alert(1)</script>') }]],
    ['.svg', [{ name: 'x.svg', bytes: enc('<svg onload=alert(1)>') }]],
    ['.php', [{ name: 'x.php', bytes: enc('<?php phpinfo();') }]],
    ['polyglot JPEG+HTML', [{ name: 'cat.jpg', bytes: cat(JPEG, '<html><script>alert(1)</script>') }]],
    ['double extension', [{ name: 'cat.php.jpg', bytes: JPEG }]],
    ['zero-byte', [{ name: 'empty.txt', bytes: new Uint8Array() }]],
    ['oversized', [{ name: 'big.png', bytes: cat(PNG, new Uint8Array(6 * 1024 * 1024)) }]],
    ['too many files', Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: PNG }))],
    // One good file beside a bad one: the good one is not stored either.
    [
      'a good file beside a bad one',
      [
        { name: 'ok.png', bytes: PNG },
        { name: 'bad.php.png', bytes: PNG },
      ],
    ],
  ]

  it.each(attacks)('%s', async (_label, files) => {
    const c = await makeClient()
    const ctx = { ...c.ctx, request: visitorRequest() }
    const dept = await makeDepartment()
    const before = {
      tickets: await db.ticket.count(),
      messages: await db.ticketMessage.count(),
      attachments: await db.attachment.count(),
      blobs: await blobs(),
    }
    await expect(
      openTicket(ctx, { departmentId: dept.id, subject: 's', message: 'm' }, { files, store }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'attachments',
    })
    const t = await openTicket(ctx, { departmentId: dept.id, subject: 's', message: 'm' }, { store })
    await expect(
      replyAsClient(ctx, { number: t.publicNumber, message: 'r' }, { files, store }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'attachments',
    })
    expect({
      tickets: await db.ticket.count(),
      messages: await db.ticketMessage.count(),
      attachments: await db.attachment.count(),
      blobs: await blobs(),
    }).toEqual({
      tickets: before.tickets + 1,
      messages: before.messages + 1,
      attachments: before.attachments,
      blobs: before.blobs,
    })
  })

  it('a store that fails half-way leaves no blobs and no rows', async () => {
    let puts = 0
    const flaky: FileStore = {
      put: async (key, bytes, type) => {
        if (++puts === 2) throw new Error('disk full')
        await store.put(key, bytes, type)
      },
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
    }
    const c = await makeClient()
    const dept = await makeDepartment()
    const before = {
      attachments: await db.attachment.count(),
      blobs: await blobs(),
      tickets: await db.ticket.count(),
    }
    await expect(
      openTicket(
        { ...c.ctx, request: visitorRequest() },
        { departmentId: dept.id, subject: 's', message: 'm' },
        {
          files: [
            { name: 'a.png', bytes: PNG },
            { name: 'b.png', bytes: PNG },
          ],
          store: flaky,
        },
      ),
    ).rejects.toThrow('disk full')
    expect({
      attachments: await db.attachment.count(),
      blobs: await blobs(),
      tickets: await db.ticket.count(),
    }).toEqual(before)
  })

  it('a database failure after the files were written deletes them again', async () => {
    const c = await makeClient()
    const dept = await makeDepartment()
    const before = {
      attachments: await db.attachment.count(),
      blobs: await blobs(),
      tickets: await db.ticket.count(),
    }
    let written = 0
    // The department vanishes while the files are written (after the checks): the insert then fails.
    const racing: FileStore = {
      put: async (key, bytes, type) => {
        await store.put(key, bytes, type)
        written++
        await db.department.deleteMany({ where: { id: dept.id } })
      },
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
    }
    await expect(
      openTicket(
        { ...c.ctx, request: visitorRequest() },
        { departmentId: dept.id, subject: 's', message: 'm' },
        {
          files: [
            { name: 'a.png', bytes: PNG },
            { name: 'b.png', bytes: PNG },
          ],
          store: racing,
        },
      ),
    ).rejects.toThrow()
    expect(written).toBe(2)
    expect({
      attachments: await db.attachment.count(),
      blobs: await blobs(),
      tickets: await db.ticket.count(),
    }).toEqual(before)
  })
})
