/** How the access log names roles and what was seen (the server sends codes), in the reader's language. */
import type { AccessRole } from '../api/innbygger/access-log.ts'
import { translate } from '../i18n/texts.ts'
import { accessLogTexts as texts } from './access-log.texts.ts'

/** "Helsepersonell i Hjemmesykepleien", "Forelder", "Fullmektig" … */
export function accessRoleLabel(role: AccessRole, serviceName: string | null): string {
  switch (role) {
    case 'parent':
      return translate(texts, 'roleParent')
    case 'fullmektig':
      return translate(texts, 'roleFullmektig')
    case 'health-personnel':
      return serviceName ? translate(texts, 'roleHealthPersonnelIn', { service: serviceName }) : translate(texts, 'roleHealthPersonnel')
    case 'system':
      return translate(texts, 'roleSystem')
    case 'citizen':
      return translate(texts, 'roleCitizen')
  }
}

type SeenKey = Extract<keyof typeof texts.catalogues.nb, `seen-${string}`>

function seenName(type: string): string {
  const key = `seen-${type}`
  return Object.hasOwn(texts.catalogues.nb, key) ? translate(texts, key as SeenKey) : translate(texts, 'seenOther')
}

/** "En samtale og et vedlegg": what the row's accesses touched. */
export function seenLabel(resourceTypes: readonly string[]): string {
  const names = [...new Set(resourceTypes.map(seenName))]
  const text =
    names.length <= 1
      ? (names[0] ?? translate(texts, 'seenOther'))
      : translate(texts, 'listAnd', { items: names.slice(0, -1).join(', '), last: names[names.length - 1] as string })
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}
