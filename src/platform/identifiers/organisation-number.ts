// Organisation numbers (organisasjonsnummer) from Brønnøysundregistrene: nine digits, the last a
// mod-11 control digit over the first eight with weights 3, 2, 7, 6, 5, 4, 3, 2.

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const

/** The control digit for the first eight digits, or null when it would be 10 (never issued). */
export function organisationNumberControlDigit(firstEight: string): number | null {
  if (!/^\d{8}$/.test(firstEight)) throw new RangeError('organisationNumberControlDigit: expects eight digits')
  let sum = 0
  for (let i = 0; i < WEIGHTS.length; i++) sum += Number(firstEight[i]) * (WEIGHTS[i] ?? 0)
  const digit = 11 - (sum % 11)
  if (digit === 11) return 0
  return digit === 10 ? null : digit
}

/** Nine digits with the right control digit. Spaces ("983 975 259") are not accepted here: normalise first. */
export function isValidOrganisationNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false
  return organisationNumberControlDigit(value.slice(0, 8)) === Number(value[8])
}

/** Digits only, so "983 975 259" and "983975259" compare equal. */
export function normaliseOrganisationNumber(value: string): string {
  return value.replace(/\s+/g, '')
}
