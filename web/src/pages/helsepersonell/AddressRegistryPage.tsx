import { Button, Card, Details, Field, Heading, Label, Paragraph, Select, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { useSearchParams } from 'react-router'
import { PAGE_SIZE, type Party, useParties } from '../../api/helsepersonell/exchange.ts'
import type { StaffMe } from '../../api/me.ts'
import { Fact, Facts } from '../../components/Facts.tsx'
import { canUseMessages } from '../../components/helsepersonell/RequireMessaging.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { offsetParam, Pager } from '../../components/Pager.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { partyKindLabel, processesByStandard } from '../../text/exchange.ts'
import { formatOrganisationNumber } from '../../text/format.ts'

/** Message types worth filtering on; the registry knows more, and every party's card lists all of its own. */
const RECEIVES = [
  { value: '', label: 'Alle meldingstyper' },
  { value: 'DIALOG_FORESPORSEL', label: 'Dialogmelding: forespørsel' },
  { value: 'DIALOG_NOTAT', label: 'Dialogmelding: notat' },
  { value: 'LOG_INNLAGT', label: 'PLO: innlagt pasient' },
  { value: 'EPIKRISE', label: 'Epikrise' },
  { value: 'HENVISNING', label: 'Henvisning' },
]

function PartyCard({ party, canWrite }: { party: Party; canWrite: boolean }) {
  const headingId = `party-${party.herId}`
  const groups = processesByStandard(party.processes)
  const takesDialog = party.processes.some((p) => p.msgType === 'DIALOG_FORESPORSEL')
  return (
    // Details sits directly in the card (Designsystemet then drops the card's padding), so the rest is a Card.Block.
    <Card asChild className="app-party-card">
      <article aria-labelledby={headingId}>
        <Card.Block className="app-stack app-stack--tight">
          <Heading level={2} data-size="xs" id={headingId}>
            {party.name}
          </Heading>
          <Facts>
            <Fact term="HER-id">{party.herId}</Fact>
            <Fact term="Type">{partyKindLabel(party.kind)}</Fact>
            <Fact term="Tilhører">
              {party.parent ? (
                <>
                  {party.parent.name}
                  <span className="app-cell-sub">HER-id {party.parent.herId}</span>
                </>
              ) : (
                'Øverste nivå'
              )}
            </Fact>
            <Fact term="Org.nr.">{party.organisationNumber ? formatOrganisationNumber(party.organisationNumber) : 'Ikke oppgitt'}</Fact>
            {party.hprNumber ? <Fact term="HPR-nummer">{party.hprNumber}</Fact> : null}
            <Fact term="Tar imot">
              {groups.length === 0 ? 'Ingen meldinger' : <StatusTags tags={groups.map((g) => ({ label: g.standard, color: 'info' }))} />}
            </Fact>
          </Facts>
          {canWrite && takesDialog ? (
            <Paragraph data-size="sm">
              <AppLink to={`/helsepersonell/meldinger/ny?mottaker=${party.herId}`}>Skriv melding til {party.name}</AppLink>
            </Paragraph>
          ) : null}
        </Card.Block>
        {groups.length > 0 ? (
          <Details>
            <Details.Summary>Meldingstyper ({party.processes.length})</Details.Summary>
            <Details.Content>
              <div className="app-stack app-stack--tight">
                {groups.map((g) => (
                  <div key={g.standard}>
                    <Paragraph data-size="sm" className="app-card-title">
                      {g.standard}
                    </Paragraph>
                    <ul className="app-plain-list app-plain-list--small">
                      {g.types.map((t) => (
                        <li key={t.msgType}>
                          {t.name} <span className="app-code">{t.msgType}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            </Details.Content>
          </Details>
        ) : null}
      </article>
    </Card>
  )
}

function Results({
  q,
  receives,
  offset,
  canWrite,
  onPage,
}: {
  q: string
  receives: string
  offset: number
  canWrite: boolean
  onPage: (offset: number) => void
}) {
  const parties = useParties({ q, receives: receives || undefined, offset })
  if (parties.isPending) return <Loading />
  if (parties.isError) return <SectionError message="Vi klarte ikke å søke i adresseregisteret akkurat nå." onRetry={() => void parties.refetch()} />
  const { items, total } = parties.data
  return (
    <section className="app-stack" aria-labelledby="results-heading">
      <Paragraph id="results-heading" aria-live="polite" className="app-result-count">
        {total === 0 ? 'Ingen treff.' : `${total} treff`}
      </Paragraph>
      {items.length > 0 ? (
        <ul className="app-cards app-cards--wide">
          {items.map((party) => (
            <li key={party.herId}>
              <PartyCard party={party} canWrite={canWrite} />
            </li>
          ))}
        </ul>
      ) : null}
      <Pager total={total} offset={offset} limit={PAGE_SIZE} label="Sider i søkeresultatet" onChange={onPage} />
    </section>
  )
}

function AddressRegistry({ me }: { me: StaffMe }) {
  useDocumentTitle('Adresseregister')
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const receives = params.get('tar-imot') ?? ''
  const offset = offsetParam(params)
  const [input, setInput] = useState(q)
  const [filter, setFilter] = useState(receives)
  const go = (next: { q: string; receives: string; offset: number }) => {
    const search = new URLSearchParams()
    if (next.q) search.set('q', next.q)
    if (next.receives) search.set('tar-imot', next.receives)
    if (next.offset > 0) search.set('fra', String(next.offset))
    setParams(search)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    go({ q: input.trim(), receives: filter, offset: 0 })
  }
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }} title="Adresseregister">
        <Paragraph className="app-intro">
          Kommunikasjonsparter i helsefellesskapet: virksomheter, tjenester og personer i rolle, med HER-id og hvilke meldinger de kan ta imot.
        </Paragraph>
      </PageHeader>
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is not yet announced by every screen reader in use */}
      <form role="search" aria-label="Søk i adresseregisteret" className="app-search-form" onSubmit={submit}>
        <Textfield label="Navn, HER-id eller organisasjonsnummer" value={input} onChange={(event) => setInput(event.target.value)} autoComplete="off" />
        <Field>
          <Label>Tar imot</Label>
          <Select value={filter} onChange={(event) => setFilter(event.target.value)}>
            {RECEIVES.map((r) => (
              <Select.Option key={r.value} value={r.value}>
                {r.label}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <div>
          <Button type="submit">Søk</Button>
        </div>
      </form>
      <Results q={q} receives={receives} offset={offset} canWrite={canUseMessages(me)} onPage={(o) => go({ q, receives, offset: o })} />
    </div>
  )
}

export function AddressRegistryPage() {
  return <RequireSignIn kind="staff">{(me) => <AddressRegistry me={me} />}</RequireSignIn>
}
