// Numbers and words written the Norwegian way (numbers in the user's language). Dates and times are in oslo-time.ts.
import { currentLocale } from '../i18n/i18n.ts'

/** "983975259" → "983 975 259", the way organisation numbers are written. */
export function formatOrganisationNumber(value: string): string {
  return /^\d{9}$/.test(value) ? value.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3') : value
}

/** 4000 → "4 000" ("4,000" in English). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value)
}

/** 25000 → "25 000 kr" */
export function formatNok(amount: number): string {
  return `${new Intl.NumberFormat(currentLocale()).format(amount)} kr`
}

/** A file's size: "512 byte", "2 kB", "3,2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`
  return `${(bytes / (1024 * 1024)).toLocaleString(currentLocale(), { maximumFractionDigits: 1 })} MB`
}

/** "3 samtaler", "1 samtale" */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Lower case by Norwegian rules, for a label in the middle of a sentence. */
export function lowerCase(text: string): string {
  return text.toLocaleLowerCase('nb-NO')
}
