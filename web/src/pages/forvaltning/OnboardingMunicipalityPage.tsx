import { Heading } from '@digdir/designsystemet-react'
import { useParams } from 'react-router'
import { useMunicipality } from '../../api/forvaltning/onboarding.ts'
import type { StaffMe } from '../../api/me.ts'
import { RequireOperator } from '../../components/forvaltning/RequireOperator.tsx'
import { BackLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { municipalityTags } from '../../text/onboarding.ts'
import { ConnectionSection } from './municipality/ConnectionSection.tsx'
import { EpjSection } from './municipality/EpjSection.tsx'
import { ServicesSection } from './municipality/ServicesSection.tsx'
import { TerminationSection } from './municipality/TerminationSection.tsx'
import { TermsSection } from './municipality/TermsSection.tsx'
import { MUNICIPALITIES } from './OnboardingPage.tsx'

function MunicipalityDetail({ id, me }: { id: string; me: StaffMe }) {
  const query = useMunicipality(id)
  useDocumentTitle(query.data?.name ?? 'Kommune')
  if (query.isPending) return <Loading />
  if (query.isError) {
    return (
      <div className="app-stack">
        <BackLink to={MUNICIPALITIES.to}>{MUNICIPALITIES.label}</BackLink>
        <Heading level={1} data-size="lg">
          Kommune
        </Heading>
        <SectionError message="Vi klarte ikke å hente kommunen. Den finnes kanskje ikke." onRetry={() => void query.refetch()} />
      </div>
    )
  }
  const m = query.data
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={MUNICIPALITIES} title={m.name}>
        <StatusTags tags={municipalityTags(m)} />
      </PageHeader>
      <ConnectionSection m={m} me={me} />
      <TermsSection m={m} me={me} />
      <EpjSection m={m} me={me} />
      <ServicesSection m={m} me={me} />
      <TerminationSection m={m} me={me} />
    </div>
  )
}

export function OnboardingMunicipalityPage() {
  const { id = '' } = useParams()
  return <RequireOperator>{(me) => <MunicipalityDetail id={id} me={me} />}</RequireOperator>
}
