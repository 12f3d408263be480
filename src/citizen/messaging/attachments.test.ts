import { describe, expect, it } from 'vitest'
import { checkAttachments, contentDisposition } from './attachments.ts'
import { ATTACHMENT_ROUTE_BODY_LIMIT, attachmentInputSchema, base64Length, decodedLength, MAX_ATTACHMENT_BYTES } from './attachments.schemas.ts'

// Smallest files that carry the real signatures.
const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')
const TINY_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')

const input = (contentType: 'application/pdf' | 'image/jpeg' | 'image/png', content: Buffer, fileName = 'fil') => ({
  fileName,
  contentType,
  contentBase64: content.toString('base64'),
})

describe('attachments', () => {
  it('accepts a PDF, a PNG and a JPEG that are what they claim', async () => {
    const result = await checkAttachments([input('application/pdf', TINY_PDF, 'brev.pdf'), input('image/png', TINY_PNG), input('image/jpeg', TINY_JPEG)])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.attachments.map((a) => [a.contentType, a.byteSize])).toEqual([
      ['application/pdf', TINY_PDF.length],
      ['image/png', TINY_PNG.length],
      ['image/jpeg', TINY_JPEG.length],
    ])
    expect(result.attachments[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses a "PDF" that is text, or a PNG, and a PNG that is a JPEG', async () => {
    const result = await checkAttachments([
      input('application/pdf', Buffer.from('Dette er ikke en PDF')),
      input('application/pdf', TINY_PNG),
      input('image/png', TINY_JPEG),
      input('image/jpeg', TINY_JPEG),
    ])
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ index: 0 }), expect.objectContaining({ index: 1 }), expect.objectContaining({ index: 2 })],
    })
  })

  it('validates base64 and the decoded size without decoding', () => {
    expect(decodedLength('QUJD')).toBe(3)
    expect(decodedLength('QUI=')).toBe(2)
    expect(decodedLength('QQ==')).toBe(1)
    expect(attachmentInputSchema.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: 'not base64!' }).success).toBe(false)
    expect(attachmentInputSchema.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: 'QUJD' }).success).toBe(true)
    const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1).toString('base64')
    expect(attachmentInputSchema.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: tooBig }).success).toBe(false)
    const largest = Buffer.alloc(MAX_ATTACHMENT_BYTES).toString('base64')
    expect(attachmentInputSchema.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: largest }).success).toBe(true)
  })

  it('refuses other content types and file names with folders or control characters', () => {
    const ok = { contentType: 'application/pdf', contentBase64: 'QUJD' }
    expect(attachmentInputSchema.safeParse({ ...ok, fileName: '../../etc/passwd' }).success).toBe(false)
    expect(attachmentInputSchema.safeParse({ ...ok, fileName: 'a\u0000.pdf' }).success).toBe(false)
    expect(attachmentInputSchema.safeParse({ ...ok, fileName: '' }).success).toBe(false)
    expect(attachmentInputSchema.safeParse({ ...ok, fileName: 'x.html', contentType: 'text/html' }).success).toBe(false)
  })

  it('refuses file names that would show other than they are: bidi overrides, C1 controls, line separators', () => {
    const ok = { contentType: 'application/pdf', contentBase64: 'QUJD' }
    // "Epikrise\u202Efdp.exe" shows as "Epikriseexe.pdf".
    for (const fileName of ['Epikrise\u202Efdp.exe', 'a\u2066b.pdf', 'a\u200Fb.pdf', 'a\u0085b.pdf', 'a\u2028b.pdf', 'a\u061Cb.pdf']) {
      expect(attachmentInputSchema.safeParse({ ...ok, fileName }).success, JSON.stringify(fileName)).toBe(false)
    }
    // Letters of any script, emoji joined by ZWJ, and punctuation are fine.
    for (const fileName of ['Røntgen – høyre kne (2).pdf', 'تقرير.pdf', '👨\u200D👩\u200D👧.pdf']) {
      expect(attachmentInputSchema.safeParse({ ...ok, fileName }).success, fileName).toBe(true)
    }
  })

  it('the body limit holds five of the largest attachments and little more', () => {
    expect(ATTACHMENT_ROUTE_BODY_LIMIT).toBeGreaterThan(5 * base64Length(MAX_ATTACHMENT_BYTES))
    expect(ATTACHMENT_ROUTE_BODY_LIMIT).toBeLessThan(6 * base64Length(MAX_ATTACHMENT_BYTES))
    expect(ATTACHMENT_ROUTE_BODY_LIMIT).toBeLessThan(36 * 1024 * 1024)
  })

  it('content-disposition is always an attachment, with a safe fallback name', () => {
    expect(contentDisposition('Brev "fra" legen; ø.pdf', 'application/pdf')).toBe(
      `attachment; filename="Brev _fra_ legen_ _.pdf"; filename*=UTF-8''Brev%20%22fra%22%20legen%3B%20%C3%B8.pdf`,
    )
  })

  it('the name a download is saved under always ends as its checked type, whatever name it was sent with', () => {
    // A PNG sent as "skjema.html" (or .hta, .exe) would be saved and opened as that; it is saved as a PNG.
    expect(contentDisposition('skjema.html', 'image/png')).toBe(`attachment; filename="skjema.html.png"; filename*=UTF-8''skjema.html.png`)
    expect(contentDisposition('faktura.pdf.exe', 'application/pdf')).toContain(`filename="faktura.pdf.exe.pdf"`)
    expect(contentDisposition('scan', 'image/jpeg')).toContain(`filename="scan.jpg"`)
    // Names that already say what they are keep their own extension.
    expect(contentDisposition('BREV.PDF', 'application/pdf')).toContain(`filename="BREV.PDF"`)
    expect(contentDisposition('foto.jpeg', 'image/jpeg')).toContain(`filename="foto.jpeg"`)
    expect(contentDisposition('foto.JPG', 'image/jpeg')).toContain(`filename="foto.JPG"`)
    // A name stored before such characters were refused loses its bidi overrides.
    expect(contentDisposition('Epikrise\u202Efdp.exe', 'application/pdf')).toContain(`filename*=UTF-8''Epikrisefdp.exe.pdf`)
  })
})
