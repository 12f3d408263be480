import { z } from 'zod'

/**
 * Free text from a caller: trimmed, bounded, and without control characters (PostgreSQL refuses
 * NUL in text, and no field of ours has a use for the others); line breaks and tabs are kept.
 */
export function plainText(maxLength: number) {
  return (
    z
      .string()
      .trim()
      .max(maxLength)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
      .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'kan ikke inneholde kontrolltegn')
  )
}
