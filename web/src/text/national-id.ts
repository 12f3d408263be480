import { formsTexts } from '../components/forms.texts.ts'
import { translate } from '../i18n/texts.ts'

/** A national identity number as typed, without the spaces people put in it. */
export function nationalIdDigits(value: string): string {
  return value.replace(/\s/g, '')
}

/** What is wrong with a typed fødselsnummer or D-nummer before the server checks it: `missing` when empty. */
export function nationalIdProblem(value: string, missing: string): string | undefined {
  const digits = nationalIdDigits(value)
  if (digits === '') return missing
  if (!/^\d{11}$/.test(digits)) return translate(formsTexts, 'nationalIdLength')
  return undefined
}
