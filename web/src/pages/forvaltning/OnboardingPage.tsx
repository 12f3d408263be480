import { Card, Heading, Link, Paragraph, Table } from '@digdir/designsystemet-react'
import { Link as RouterLink } from 'react-router'
import { type Municipality, useMunicipalities } from '../../api/forvaltning/onboarding.ts'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { formatOrganisationNumber } from '../../text/format.ts'
import { digitalServiceLabel, municipalityTags, RequireOperator } from './OnboardingShared.tsx'

function MunicipalityLink({ m }: { m: Municipality }) {
  return (
    <>
      <Link asChild>
        <RouterLink to={`/forvaltning/kommuner/${encodeURIComponent(m.id)}`}>{m.name}</RouterLink>
      </Link>
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
  const digital = [...new Set(services.flatMap((s) => s.active.map((a) => a.digitalService)))].map((d) => digitalServiceLabel(d).toLocaleLowerCase('nb-NO'))
  return `${services.length === 1 ? '1 tjeneste' : `${services.length} tjenester`}: ${digital.join(', ')}`
}

function MunicipalityTable({ items }: { items: Municipality[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby="municipalities-caption">
      <Table className="app-table">
        <caption id="municipalities-caption" className="app-visually-hidden">
          Kommunene, med status, EPJ og aktiverte tjenester
        </caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Kommune</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
            <Table.HeaderCell>EPJ</Table.HeaderCell>
            <Table.HeaderCell>Aktivert</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.map((m) => (
            <Table.Row key={m.id}>
              <Table.Cell>
                <MunicipalityLink m={m} />
              </Table.Cell>
              <Table.Cell>
                <StatusTags tags={municipalityTags(m)} />
              </Table.Cell>
              <Table.Cell>{epjText(m)}</Table.Cell>
              <Table.Cell>{activeText(m)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
  )
}

/** Phones get one card per municipality. */
function MunicipalityCards({ items }: { items: Municipality[] }) {
  return (
    <ul className="app-cards app-only-narrow" aria-label="Kommunene">
      {items.map((m) => (
        <li key={m.id}>
          <Card className="app-stack app-stack--tight">
            <Paragraph className="app-card-title">
              <MunicipalityLink m={m} />
            </Paragraph>
            <StatusTags tags={municipalityTags(m)} />
            <dl className="app-facts">
              <div>
                <dt>EPJ</dt>
                <dd>{epjText(m)}</dd>
              </div>
              <div>
                <dt>Aktivert</dt>
                <dd>{activeText(m)}</dd>
              </div>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  )
}

function Municipalities() {
  useDocumentTitle('Kommuner')
  const list = useMunicipalities()
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/helsepersonell">Tilbake til forsiden</RouterLink>
          </Link>
        </Paragraph>
        <Heading level={1} data-size="lg">
          Kommuner
        </Heading>
        <Paragraph>
          Avtaler, vilkår, EPJ-støtte og digitale tjenester for hver kommune. Velg en kommune for å aktivere tjenester, registrere aksept av vilkår eller
          registrere oppsigelse.
        </Paragraph>
        <Paragraph>
          <Link asChild>
            <RouterLink to="/forvaltning/vilkar">Vilkårsversjoner og nye vilkår</RouterLink>
          </Link>
        </Paragraph>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <SectionError message="Vi klarte ikke å hente kommunene akkurat nå." onRetry={() => void list.refetch()} />
      ) : (
        <>
          <MunicipalityTable items={list.data.items} />
          <MunicipalityCards items={list.data.items} />
        </>
      )}
    </div>
  )
}

export function OnboardingPage() {
  return <RequireOperator>{() => <Municipalities />}</RequireOperator>
}
