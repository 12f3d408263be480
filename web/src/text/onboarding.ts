import type { Municipality, MunicipalityStatus, TermsDocument, TermsStanding } from '../api/forvaltning/onboarding.ts'
import type { StatusTag } from '../components/StatusTags.tsx'
import { lowerCase } from './format.ts'
import { areaLabel } from './labels.ts'
import { formatDate } from './oslo-time.ts'

// Bokmål texts for the operator's onboarding pages: municipalities' status, terms documents and where each stands.

export function digitalServiceLabel(code: string): string {
  return areaLabel(code)
}

/** The municipality's status as tags, most important first. */
export function municipalityTags(m: Pick<Municipality, 'statuses' | 'termination'>): StatusTag[] {
  const endsOn = m.termination ? formatDate(m.termination.endsOn) : ''
  const tags: Record<MunicipalityStatus, StatusTag> = {
    'notice-given': { label: `Oppsagt – avsluttes ${endsOn}`, color: 'warning' },
    ended: { label: `Avsluttet ${endsOn}`, color: 'danger' },
    active: { label: 'Aktiv', color: 'success' },
    'connection-ordered': { label: 'Tilkobling bestilt', color: 'neutral' },
    'not-onboarded': { label: 'Ikke tilkoblet', color: 'neutral' },
    'awaiting-epj': { label: 'Venter på EPJ-støtte', color: 'info' },
    'terms-not-accepted': { label: 'Vilkår ikke akseptert', color: 'warning' },
  }
  return m.statuses.map((s) => tags[s])
}

export function documentLabel(document: TermsDocument, digitalService: string | null): string {
  if (document === 'general') return 'Generelle vilkår'
  if (document === 'dpa') return 'Databehandleravtale'
  return `Særskilte vilkår: ${digitalService ? lowerCase(digitalServiceLabel(digitalService)) : ''}`
}

/** One tag for where a municipality stands with one document. */
export function standingTag(s: TermsStanding): StatusTag {
  if (!s.current) return { label: 'Ingen gjeldende versjon', color: 'neutral' }
  if (!s.acceptedCurrent) return { label: 'Ikke akseptert', color: 'warning' }
  if (s.upcoming && !s.acceptedUpcoming) return { label: 'Ny versjon ikke akseptert', color: 'info' }
  return { label: 'Akseptert', color: 'success' }
}
