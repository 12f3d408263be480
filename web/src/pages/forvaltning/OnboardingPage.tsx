import { Card, Paragraph, Table } from '@digdir/designsystemet-react'
import { type Municipality, useMunicipalities } from '../../api/forvaltning/onboarding.ts'
import { Fact, Facts } from '../../components/Facts.tsx'
import { RequireOperator } from '../../components/forvaltning/RequireOperator.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { formatOrganisationNumber, lowerCase } from '../../text/format.ts'
import { digitalServiceLabel, municipalityTags } from '../../text/onboarding.ts'

/** The way back to the list of municipalities, from the pages under it. */
export const MUNICIPALITIES = { to: '/forvaltning/kommuner', label: 'Tilbake til kommunene' }

function MunicipalityLink({ m }: { m: Municipality }) {
  return (
    <>
      <AppLink to={`/forvaltning/kommuner/${encodeURIComponent(m.id)}`}>{m.name}</AppLink>
      <span className="app-cell-sub">Org.nr. {formatOrganisationNumber(m.organisationNumber)}</span>
    </>
  )
}

function epjText(m: Municipality): string {
  if (!m.epj) return 'Ikke registrert'
  const supports = m.epj.supportedServices.map(digitalServiceLabel).join(', ')
  return `${m.epj.product ?? 'Ukjent EPJ'}: ${supports || 'støtter ingen digitale tjenester ennå'}`
}

/** "2 tjenester: meldinger" — which services are open for which digital services. */
function activeText(m: Municipality): string {
  const services = m.services.filter((s) => s.active.length > 0)
  if (services.length === 0) return 'Ingen'
  const digital = [...new Set(services.flatMap((s) => s.active.map((a) => a.digitalService)))].map((d) => lowerCase(digitalServiceLabel(d)))
  return `${services.length === 1 ? '1 tjeneste' : `${services.length} tjenester`}: ${digital.join(', ')}`
}

function MunicipalityRow({ m }: { m: Municipality }) {
  return (
    <>
      <Table.Cell>
        <MunicipalityLink m={m} />
      </Table.Cell>
      <Table.Cell>
        <StatusTags tags={municipalityTags(m)} />
      </Table.Cell>
      <Table.Cell>{epjText(m)}</Table.Cell>
      <Table.Cell>{activeText(m)}</Table.Cell>
    </>
  )
}

function MunicipalityCard({ m }: { m: Municipality }) {
  return (
    <Card className="app-stack app-stack--tight">
      <Paragraph className="app-card-title">
        <MunicipalityLink m={m} />
      </Paragraph>
      <StatusTags tags={municipalityTags(m)} />
      <Facts>
        <Fact term="EPJ">{epjText(m)}</Fact>
        <Fact term="Aktivert">{activeText(m)}</Fact>
      </Facts>
    </Card>
  )
}

/** Phones get one card per municipality. */
function MunicipalityTable({ items }: { items: Municipality[] }) {
  return (
    <ResponsiveTable
      items={items}
      itemKey={(m) => m.id}
      caption={{ id: 'municipalities-caption', text: 'Kommunene, med status, EPJ og aktiverte tjenester' }}
      cardsLabel="Kommunene"
      headers={['Kommune', 'Status', 'EPJ', 'Aktivert']}
      cells={(m) => <MunicipalityRow m={m} />}
      card={(m) => <MunicipalityCard m={m} />}
    />
  )
}

function Municipalities() {
  useDocumentTitle('Kommuner')
  const list = useMunicipalities()
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden' }} title="Kommuner">
        <Paragraph>
          Avtaler, vilkår, EPJ-støtte og digitale tjenester for hver kommune. Velg en kommune for å aktivere tjenester, registrere aksept av vilkår eller
          registrere oppsigelse.
        </Paragraph>
        <Paragraph>
          <AppLink to="/forvaltning/vilkar">Vilkårsversjoner og nye vilkår</AppLink>
        </Paragraph>
      </PageHeader>
      <QueryContent query={list} error="Vi klarte ikke å hente kommunene akkurat nå.">
        {(data) => <MunicipalityTable items={data.items} />}
      </QueryContent>
    </div>
  )
}

export function OnboardingPage() {
  return <RequireOperator>{() => <Municipalities />}</RequireOperator>
}
