/** How the access log names roles and what was seen (the server sends codes). */
import type { AccessRole } from '../api/innbygger/access-log.ts'

/** "Helsepersonell i Hjemmesykepleien", "Forelder", "Fullmektig" … */
export function accessRoleLabel(role: AccessRole, serviceName: string | null): string {
  switch (role) {
    case 'parent':
      return 'Forelder'
    case 'fullmektig':
      return 'Fullmektig'
    case 'health-personnel':
      return serviceName ? `Helsepersonell i ${serviceName}` : 'Helsepersonell'
    case 'system':
      return 'EPJ eller annet fagsystem'
    case 'citizen':
      return 'Innbygger'
  }
}

const seenLabels: Record<string, string> = {
  'citizen-thread': 'en samtale',
  'citizen-message-attachment': 'et vedlegg',
  'citizen-thread-list': 'listen over samtaler',
  'citizen-message-services': 'tjenestene du kan skrive til',
  'health-contacts': 'helsekontakter',
  'access-log': 'innsynsloggen',
  'notification-settings': 'varslingsinnstillinger',
  patient: 'personopplysninger ved oppslag',
  fullmakt: 'fullmakter',
  person: 'fødselsnummeret ved registrering av fullmakt',
  exchange_message: 'en helsemelding',
}

/** "En samtale og et vedlegg": what the row's accesses touched. */
export function seenLabel(resourceTypes: readonly string[]): string {
  const names = [...new Set(resourceTypes.map((type) => seenLabels[type] ?? 'opplysninger'))]
  const text = names.length <= 1 ? (names[0] ?? 'opplysninger') : `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`
  return text.charAt(0).toLocaleUpperCase('nb-NO') + text.slice(1)
}
