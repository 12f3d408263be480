/**
 * The answer for each refusal of the fullmakt rules: a status, a bokmål text and, where it helps, the field. The
 * texts name no person. 'not-possible' is one answer, byte for byte, for a proxy who is unknown, a minor, deceased or
 * has a confidential address, so that nobody learns from it whether a number belongs to someone, or anything about them.
 */
import { AppError } from '../../platform/http/errors.ts'
import { MAX_VALIDITY_YEARS, type FullmaktRefusal } from './fullmakt.rules.ts'

export const NOT_POSSIBLE_DETAIL =
  'Fullmakten kan ikke registreres for dette fødselsnummeret. Kontroller at du har skrevet det riktig. Kan det likevel ikke registreres, kan kommunen hjelpe deg.'

export function refusalError(refusal: FullmaktRefusal): AppError {
  switch (refusal) {
    case 'self':
      return new AppError('validation-failed', 'Du kan ikke gi fullmakt til deg selv.', [
        { path: 'body.proxyNationalId', message: 'kan ikke være den samme som den som gir fullmakten' },
      ])
    case 'not-possible':
      return new AppError('validation-failed', NOT_POSSIBLE_DETAIL)
    case 'giver-under-16':
      return new AppError('forbidden', 'Den som gir fullmakt, må ha fylt 16 år.')
    case 'no-areas':
      return new AppError('validation-failed', 'Velg minst ett tjenesteområde.', [{ path: 'body.areas', message: 'velg minst ett tjenesteområde' }])
    case 'consents-personal-only':
      return new AppError('validation-failed', 'Samtykker kan bare gis av personen selv, eller med en tildelt fullmakt.', [
        { path: 'body.areas', message: 'kan ikke omfatte samtykker' },
      ])
    case 'valid-to-passed':
      return new AppError('validation-failed', 'Sluttdatoen må være i dag eller senere.', [{ path: 'body.validTo', message: 'må være i dag eller senere' }])
    case 'valid-to-too-far':
      return new AppError('validation-failed', `Sluttdatoen kan være høyst ${MAX_VALIDITY_YEARS} år fram i tid. Velg uten sluttdato i stedet.`, [
        { path: 'body.validTo', message: `høyst ${MAX_VALIDITY_YEARS} år fram i tid` },
      ])
    case 'duplicate':
      return new AppError('conflict', 'Personen har allerede en fullmakt fra deg. Endre den i stedet for å gi en ny.')
  }
}
