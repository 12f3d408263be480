// Norwegian national identity numbers: fødselsnummer (DDMMYY + individual number + two mod-11
// control digits), D-nummer (day + 40) and Skatteetaten's synthetic test numbers (month + 80,
// "syntetiske fødselsnummer" from Tenor), which can never collide with a real person's number.

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const

const SYNTHETIC_MONTH_OFFSET = 80
const D_NUMBER_DAY_OFFSET = 40
const H_NUMBER_MONTH_OFFSET = 40

function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0)
  return sum
}

/** 11 − (sum mod 11), where 11 becomes 0 and 10 means "no valid digit". */
function mod11Digit(sum: number): number | null {
  const digit = 11 - (sum % 11)
  if (digit === 11) return 0
  return digit === 10 ? null : digit
}

/**
 * The two control digits (K1, K2) for the first nine digits, or null when either would be 10:
 * such an individual number is never issued, so pick the next one.
 */
export function nationalIdControlDigits(firstNine: string): string | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('nationalIdControlDigits: expects nine digits')
  const k1 = mod11Digit(weightedSum(firstNine, K1_WEIGHTS))
  if (k1 === null) return null
  const k2 = mod11Digit(weightedSum(`${firstNine}${k1}`, K2_WEIGHTS))
  if (k2 === null) return null
  return `${k1}${k2}`
}

/**
 * Whether both control digits are right. From 2032 Skatteetaten also issues numbers whose K1 is
 * computed with remainder 1, 2 or 3 instead of 0 (the number space is running out), so those K1
 * values are accepted too; K2 is always computed the classic way over the given K1.
 */
export function hasValidControlDigits(nationalId: string): boolean {
  if (!/^\d{11}$/.test(nationalId)) return false
  const k1Sum = weightedSum(nationalId, K1_WEIGHTS)
  const k1 = Number(nationalId[9])
  const k1Allowed = [0, 1, 2, 3].some((rest) => {
    const candidate = (11 + rest - (k1Sum % 11)) % 11
    return candidate !== 10 && candidate === k1
  })
  if (!k1Allowed) return false
  return mod11Digit(weightedSum(nationalId, K2_WEIGHTS)) === Number(nationalId[10])
}

/**
 * The century from the individual number (digits 7–9) and the two-digit year, by the
 * Folkeregister's allocation: 000–499 → 1900s; 500–749 with year ≥ 54 → 1800s; 500–999 with
 * year < 40 → 2000s; 900–999 with year ≥ 40 → 1900s. Anything else is not allocated.
 */
function fullYear(individualNumber: number, yy: number): number | null {
  if (individualNumber <= 499) return 1900 + yy
  if (individualNumber <= 749 && yy >= 54) return 1800 + yy
  if (individualNumber >= 500 && yy < 40) return 2000 + yy
  if (individualNumber >= 900 && yy >= 40) return 1900 + yy
  return null
}

function isRealDate(year: number, month: number, day: number): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day))
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
}

export type NationalIdKind = 'fnr' | 'dnr'

export type DecodedNationalId = {
  kind: NationalIdKind
  /** A synthetic test number (month + 80). */
  synthetic: boolean
  /** 'YYYY-MM-DD'. */
  birthDate: string
  individualNumber: number
  /** The third digit of the individual number: odd for men, even for women. */
  sex: 'male' | 'female'
}

/**
 * Reads a fødselsnummer or D-nummer (also synthetic or H-number variants): its birth date,
 * individual number and legal sex. Null unless the number is well formed with valid control
 * digits and a real birth date.
 */
export function decodeNationalId(nationalId: string): DecodedNationalId | null {
  if (!hasValidControlDigits(nationalId)) return null
  let day = Number(nationalId.slice(0, 2))
  let month = Number(nationalId.slice(2, 4))
  const yy = Number(nationalId.slice(4, 6))
  const individualNumber = Number(nationalId.slice(6, 9))
  const kind: NationalIdKind = day > D_NUMBER_DAY_OFFSET ? 'dnr' : 'fnr'
  if (kind === 'dnr') day -= D_NUMBER_DAY_OFFSET
  const synthetic = month > SYNTHETIC_MONTH_OFFSET
  if (synthetic) month -= SYNTHETIC_MONTH_OFFSET
  else if (month > H_NUMBER_MONTH_OFFSET) month -= H_NUMBER_MONTH_OFFSET
  const year = fullYear(individualNumber, yy)
  if (year === null || !isRealDate(year, month, day)) return null
  const pad = (n: number): string => String(n).padStart(2, '0')
  return {
    kind,
    synthetic,
    birthDate: `${year}-${pad(month)}-${pad(day)}`,
    individualNumber,
    sex: individualNumber % 2 === 1 ? 'male' : 'female',
  }
}

export function isValidNationalId(nationalId: string): boolean {
  return decodeNationalId(nationalId) !== null
}

export type NationalIdInput = {
  /** 'YYYY-MM-DD'. */
  birthDate: string
  /** 0–999, inside the range allocated to the birth year's century. */
  individualNumber: number
  /** Skatteetaten's synthetic test number (month + 80). Default true: test data never uses real-looking numbers. */
  synthetic?: boolean
}

/**
 * Builds a fødselsnummer with both control digits. Throws a RangeError when the individual number
 * does not belong to the birth year's century, or gives a control digit of 10 (not issued).
 */
export function buildNationalId(input: NationalIdInput): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.birthDate)
  if (match === null) throw new RangeError('buildNationalId: birthDate must be YYYY-MM-DD')
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (!isRealDate(year, month, day)) throw new RangeError('buildNationalId: no such date')
  const { individualNumber } = input
  if (!Number.isInteger(individualNumber) || individualNumber < 0 || individualNumber > 999) {
    throw new RangeError('buildNationalId: individual number must be 0–999')
  }
  if (fullYear(individualNumber, year % 100) !== year) {
    throw new RangeError('buildNationalId: individual number not allocated to that birth year')
  }
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  const monthDigits = (input.synthetic ?? true) ? month + SYNTHETIC_MONTH_OFFSET : month
  const firstNine = `${pad(day)}${pad(monthDigits)}${pad(year % 100)}${pad(individualNumber, 3)}`
  const control = nationalIdControlDigits(firstNine)
  if (control === null) throw new RangeError('buildNationalId: control digit would be 10; try another individual number')
  return `${firstNine}${control}`
}

/**
 * The first buildable number at or after `fromIndividualNumber` with the given legal sex: a
 * convenience for writing new test people, whose numbers are then kept as literals.
 */
export function firstNationalIdFrom(birthDate: string, fromIndividualNumber: number, sex: 'male' | 'female', synthetic = true): string {
  for (let n = fromIndividualNumber; n <= 999; n++) {
    if ((n % 2 === 1) !== (sex === 'male')) continue
    try {
      return buildNationalId({ birthDate, individualNumber: n, synthetic })
    } catch {
      // Not allocated for this century or a control digit of 10: try the next.
    }
  }
  throw new RangeError('firstNationalIdFrom: no individual number left')
}
