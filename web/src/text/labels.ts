import type { RepresentationBasis } from '../api/me.ts'

const areaLabels: Record<string, string> = {
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
}

const basisLabels: Record<RepresentationBasis, string> = {
  parent: 'Foreldre',
  fullmakt: 'Fullmakt',
  'assigned-fullmakt': 'Tildelt fullmakt',
}

// Unknown codes are shown as they are rather than hidden: a new code on the server must stay visible.
export function areaLabel(code: string): string {
  return areaLabels[code] ?? code
}

export function roleLabel(code: string): string {
  return roleLabels[code] ?? code
}

export function basisLabel(basis: RepresentationBasis): string {
  return basisLabels[basis] ?? basis
}

export const reducedRightsNote = 'Begrenset innsyn (barn 12–15 år)'
