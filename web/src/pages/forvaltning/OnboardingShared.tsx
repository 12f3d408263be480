import { Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { Municipality, MunicipalityStatus, TermsDocument, TermsStanding } from '../../api/forvaltning/onboarding.ts'
import type { StaffMe } from '../../api/me.ts'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import type { StatusTag } from '../../components/StatusTags.tsx'
import { formatDate } from '../../text/oslo-time.ts'
import { areaLabel } from '../../text/labels.ts'
import { AppLink, BackLink } from '../../components/links.tsx'

// What the operator's onboarding pages share: who may see them, status tags, names of documents.

export function isPlatformOperator(me: StaffMe): boolean {
  return me.roles.includes('platform_operator')
}

function OperatorsOnly() {
  useDocumentTitle('Bare for plattformforvalteren')
  return (
    <section className="app-stack" aria-labelledby="operators-only-heading">
      <Heading level={1} data-size="lg" id="operators-only-heading">
        Bare for plattformforvalteren
      </Heading>
      <Paragraph>Oversikten over kommunenes avtaler og tjenester er for plattformforvalteren.</Paragraph>
      <Paragraph>
        <AppLink to="/helsepersonell">Tilbake til forsiden for helsepersonell</AppLink>
      </Paragraph>
    </section>
  )
}

/** A page for the platform operator (the server decides too; this only spares others a page of errors). */
export function RequireOperator({ children }: { children: (me: StaffMe) => ReactNode }) {
  return <RequireSignIn kind="staff">{(me) => (isPlatformOperator(me) ? children(me) : <OperatorsOnly />)}</RequireSignIn>
}

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
  return `Særskilte vilkår: ${digitalService ? digitalServiceLabel(digitalService).toLocaleLowerCase('nb-NO') : ''}`
}

/** One tag for where a municipality stands with one document. */
export function standingTag(s: TermsStanding): StatusTag {
  if (!s.current) return { label: 'Ingen gjeldende versjon', color: 'neutral' }
  if (!s.acceptedCurrent) return { label: 'Ikke akseptert', color: 'warning' }
  if (s.upcoming && !s.acceptedUpcoming) return { label: 'Ny versjon ikke akseptert', color: 'info' }
  return { label: 'Akseptert', color: 'success' }
}

export function BackToMunicipalities() {
  return <BackLink to="/forvaltning/kommuner">Tilbake til kommunene</BackLink>
}
