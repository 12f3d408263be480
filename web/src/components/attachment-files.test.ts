import { describe, expect, test } from 'vitest'
import { checkFile, claimedType, MAX_ATTACHMENT_BYTES, MAX_FILE_NAME_LENGTH, sendableFileName, sniffType, toBase64 } from './attachment-files.ts'

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const TEXT = new TextEncoder().encode('Hei, dette er tekst')

describe('claimedType', () => {
  test.each([
    [{ name: 'a.pdf', type: 'application/pdf' }, 'application/pdf'],
    [{ name: 'bilde.JPG', type: '' }, 'image/jpeg'],
    [{ name: 'bilde.jpeg', type: 'application/octet-stream' }, 'image/jpeg'],
    [{ name: 'skjerm.png', type: 'image/png' }, 'image/png'],
    [{ name: 'brev.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, null],
    // A type the browser knows wins over the name: a .pdf that is really HTML is not taken.
    [{ name: 'falsk.pdf', type: 'text/html' }, null],
    [{ name: 'uten-endelse', type: '' }, null],
  ])('%o → %s', (file, expected) => {
    expect(claimedType(file)).toBe(expected)
  })
})

describe('sniffType', () => {
  test('recognises PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffType(PDF)).toBe('application/pdf')
    expect(sniffType(JPEG)).toBe('image/jpeg')
    expect(sniffType(PNG)).toBe('image/png')
    expect(sniffType(TEXT)).toBeNull()
    expect(sniffType(new Uint8Array())).toBeNull()
  })
})

describe('checkFile', () => {
  test('takes a real PDF under the size limit', () => {
    expect(checkFile({ name: 'henvisning.pdf', type: 'application/pdf', size: 1000 }, PDF)).toEqual({ ok: true, contentType: 'application/pdf' })
  })

  test('refuses a file that claims to be a PDF but is not, naming the file', () => {
    const result = checkFile({ name: 'falsk.pdf', type: 'application/pdf', size: TEXT.length }, TEXT)
    expect(result).toEqual({ ok: false, message: expect.stringContaining('«falsk.pdf» er ikke en ekte PDF-fil') })
  })

  test('refuses a PNG named .jpg: the content must match the claim', () => {
    expect(checkFile({ name: 'bilde.jpg', type: 'image/jpeg', size: 100 }, PNG).ok).toBe(false)
  })

  test('refuses other kinds of files, empty files and files over 5 MB', () => {
    expect(checkFile({ name: 'brev.docx', type: 'application/msword', size: 100 }, TEXT)).toEqual({
      ok: false,
      message: expect.stringContaining('ikke en PDF-, JPEG- eller PNG-fil'),
    })
    expect(checkFile({ name: 'tom.pdf', type: 'application/pdf', size: 0 }, new Uint8Array())).toEqual({ ok: false, message: '«tom.pdf» er tom.' })
    expect(checkFile({ name: 'stor.pdf', type: 'application/pdf', size: MAX_ATTACHMENT_BYTES + 1 }, PDF)).toEqual({
      ok: false,
      message: '«stor.pdf» er større enn 5 MB, som er grensen for hvert vedlegg.',
    })
    expect(checkFile({ name: 'akkurat.pdf', type: 'application/pdf', size: MAX_ATTACHMENT_BYTES }, PDF).ok).toBe(true)
  })
})

describe('toBase64', () => {
  test('decodes back to the same bytes, also for files larger than one chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256)
    const decoded = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0))
    expect(decoded).toEqual(bytes)
    expect(toBase64(new TextEncoder().encode('Hei'))).toBe('SGVp')
    expect(toBase64(new Uint8Array())).toBe('')
  })
})

describe('sendableFileName', () => {
  test('an ordinary name is sent as it is', () => {
    expect(sendableFileName('Røntgen – høyre kne (2).pdf', 'application/pdf')).toBe('Røntgen – høyre kne (2).pdf')
  })

  test('what the server refuses is taken out, so the message is not refused for the name', () => {
    expect(sendableFileName('Epikrise\u202Efdp.pdf', 'application/pdf')).toBe('Epikrisefdp.pdf')
    expect(sendableFileName('a\\b\tc.png', 'image/png')).toBe('a_bc.png')
    expect(sendableFileName(' \u200F ', 'image/jpeg')).toBe('vedlegg.jpg')
  })

  test('a long name is shortened to the limit, keeping its extension and whole characters', () => {
    const long = `${'ø'.repeat(150)}${'😀'.repeat(60)}.jpeg`
    const sent = sendableFileName(long, 'image/jpeg')
    expect(sent.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH)
    expect(sent.endsWith('😀.jpeg')).toBe(true)
    // No half of a surrogate pair is left at the cut.
    expect(sent).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
  })
})
