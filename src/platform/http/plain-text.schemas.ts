import { z } from 'zod'

/**
 * The one rule for free text from a caller (subjects, message bodies, names, reasons, file names): what it may not
 * hold, and why, in words a citizen can act on. Text that breaks it is refused, never silently changed, so what is
 * stored, shown to staff and sent on to an EPJ is exactly what the writer saw.
 */

/**
 * Control characters: PostgreSQL refuses NUL in text, and no field of ours has a use for the others (C1 included);
 * line breaks and tabs are kept.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u

/**
 * Half of a UTF-16 surrogate pair with no other half (JSON.parse makes one of "\ud800"). It has no character: stored
 * it would become U+FFFD and reach the EPJ as a replacement character.
 */
const LONE_SURROGATE = /[\ud800-\udfff]/u

/**
 * Marks and overrides that turn the direction text is shown in ("Faktura \u202Efdp.exe" shows as "Faktura exe.pdf"),
 * and line and paragraph separators, which break a line where nothing shows one.
 */
export const DIRECTION_CHARACTER = /[\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u

/**
 * Characters of no width that hide inside words ("Pas\u200Bsord"). A zero-width joiner is kept between two emoji,
 * where it is what joins them into one (👩‍⚕️, 👨‍👩‍👧).
 */
const ZERO_WIDTH = /[\u200b\u200c\u2060\ufeff]|(?<!\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f)\u200d|\u200d(?!\p{Extended_Pictographic})/u

const codePoint = (s: string) => `U+${(s.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

/** What is wrong with `text` under the rule, as a message for the field; null when nothing is. */
export function plainTextProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'inneholder et ødelagt tegn (en ufullstendig tegnkode); skriv eller lim inn teksten på nytt'
  const control = CONTROL.exec(text)?.[0]
  if (control !== undefined) return `kan ikke inneholde kontrolltegn (${codePoint(control)})`
  const direction = DIRECTION_CHARACTER.exec(text)?.[0]
  if (direction !== undefined) return `kan ikke inneholde usynlige tegn som endrer tekstretning eller linjeskift (${codePoint(direction)})`
  const hidden = ZERO_WIDTH.exec(text)?.[0]
  if (hidden !== undefined) return `kan ikke inneholde usynlige tegn uten bredde (${codePoint(hidden)})`
  return null
}

/** A string that keeps the rule; for fields with their own trimming and length (file names). */
export function plainTextString() {
  return z.string().superRefine((text, ctx) => {
    const problem = plainTextProblem(text)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
}

/** 10000 as "10 000", as Norwegian writes it (a plain space, so that the message reads the same everywhere). */
export function groupedDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ' ')
}

/** Free text from a caller: the rule above, trimmed, and at most `maxLength` characters (refused beyond, not cut). */
export function plainText(maxLength: number) {
  return plainTextString()
    .trim()
    .max(maxLength, `kan være høyst ${groupedDigits(maxLength)} tegn`)
}
