import type { ServiceArea } from '../../../src/citizen/fullmakt/fullmakt.schemas.ts'
import type { RepresentationBasis } from '../api/me.ts'

// Every service area the server knows has a label (and a description below): a new one fails the typecheck here.
const areaLabels: Record<ServiceArea, string> = {
  messages: 'Meldinger',
  appointments: 'Timeavtaler',
  'health-contacts': 'Helsekontakter',
  'home-visits': 'Hjemmebesøk',
  letters: 'Brev',
  forms: 'Skjema',
  tools: 'Verktøy',
  'access-log': 'Innsynslogg',
  consents: 'Samtykker',
}

const roleLabels: Record<string, string> = {
  health_personnel: 'Helsepersonell',
  coordinator: 'Samhandlingskoordinator',
  service_admin: 'Tjenesteadministrator',
  platform_operator: 'Plattformforvalter',
  // Roles that only appear in the access log, for who did something.
  citizen: 'Innbygger',
  system: 'Fagsystem',
}

const actionLabels: Record<string, string> = {
  'citizen-data:read': 'Så opplysninger',
  'citizen-data:write': 'Endret opplysninger',
  'patient-data:read': 'Så pasientopplysninger',
  'patient-data:write': 'Endret pasientopplysninger',
  'exchange.message.read': 'Leste melding',
  'exchange.message.answer': 'Svarte på melding',
}

// An action on a particular kind of resource that reads better as one phrase.
const actionOnResourceLabels: Record<string, string> = {
  'patient-data:write exchange_message': 'Sendte melding',
}

const basisLabels: Record<RepresentationBasis, string> = {
  parent: 'Foreldre',
  fullmakt: 'Fullmakt',
  'assigned-fullmakt': 'Tildelt fullmakt',
}

// Unknown codes are shown as they are rather than hidden: a new code on the server must stay visible.
export function areaLabel(code: string): string {
  return (areaLabels as Record<string, string | undefined>)[code] ?? code
}

// What a fullmakt for each area lets the proxy do, in plain words for the form where it is given.
const areaDescriptions: Record<ServiceArea, string> = {
  messages: 'Lese og sende meldinger til helsetjenestene.',
  appointments: 'Se timeavtaler, og bestille og avbestille timer.',
  'health-contacts': 'Se fastlegen og andre helsekontakter.',
  'home-visits': 'Se besøk fra hjemmetjenesten.',
  letters: 'Lese brev fra helsetjenestene.',
  forms: 'Fylle ut og sende skjema.',
  tools: 'Bruke verktøy som dagbøker og egne målinger.',
  'access-log': 'Se hvem som har sett opplysningene.',
  consents: 'Gi og trekke tilbake samtykker og reservasjoner.',
}

export function areaDescription(code: string): string {
  return (areaDescriptions as Record<string, string | undefined>)[code] ?? ''
}

/** Role codes become Norwegian names; anything else (a profession such as "sykepleier") is shown capitalised. */
export function roleLabel(code: string): string {
  return roleLabels[code] ?? capitalise(code)
}

const resourceLabels: Record<string, string> = {
  'access-log': 'innsynsloggen',
  patient: 'personopplysninger ved oppslag',
}

/** The action, and what it touched when we know a name for it: "Så opplysninger: innsynsloggen". */
export function actionLabel(code: string, resourceType?: string): string {
  const phrase = resourceType ? actionOnResourceLabels[`${code} ${resourceType}`] : undefined
  if (phrase) return phrase
  const action = actionLabels[code] ?? code
  const resource = resourceType ? resourceLabels[resourceType] : undefined
  return resource ? `${action}: ${resource}` : action
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('nb-NO') + text.slice(1)
}

export function basisLabel(basis: RepresentationBasis): string {
  return basisLabels[basis] ?? basis
}

export const reducedRightsNote = 'Begrenset innsyn (barn 12–15 år)'
