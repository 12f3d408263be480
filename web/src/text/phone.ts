/**
 * A Norwegian number the way it is written: "+4791234567" → "+47 912 34 567" (mobile), "+4733348000" → "+47 33 34 80 00"
 * (landline). Anything else is shown as it came.
 */
export function formatPhoneNumber(value: string): string {
  const match = /^(?:\+47|0047)?(\d{8})$/.exec(value.replace(/\s/g, ''))
  if (!match?.[1]) return value
  const digits = match[1]
  const local = /^[49]/.test(digits) ? digits.replace(/^(\d{3})(\d{2})(\d{3})$/, '$1 $2 $3') : digits.replace(/^(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1 $2 $3 $4')
  return value.trim().startsWith('+') || value.trim().startsWith('0047') ? `+47 ${local}` : local
}
