const timeZone = 'Europe/Oslo'

const dateFormat = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone })
const dateTimeFormat = new Intl.DateTimeFormat('nb-NO', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone,
})

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * "1985-03-12" → "12. mars 1985". A calendar date has no time zone, so it is read as noon UTC,
 * which is the same day in Oslo whatever the season.
 */
export function formatDate(value: string): string {
  const match = calendarDate.exec(value)
  const date = match ? new Date(`${value}T12:00:00Z`) : new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date)
}

/** An instant shown in Norwegian time: "23. nov. 2026, 10:15". */
export function formatDateTime(value: string): string {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date)
}

const osloCalendarDate = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar date ('YYYY-MM-DD') after today in Oslo, counted in days, not 24 hours (a DST day has 23 or 25). */
export function osloTomorrow(now: Date): string {
  const [year, month, day] = osloCalendarDate.format(now).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)
}

/** "983975259" → "983 975 259", the way organisation numbers are written. */
export function formatOrganisationNumber(value: string): string {
  return /^\d{9}$/.test(value) ? value.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3') : value
}
