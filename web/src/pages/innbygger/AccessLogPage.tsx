import { Card, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react'
import { useSearchParams } from 'react-router'
import { type AccessLogItem, useAccessLog } from '../../api/innbygger/access-log.ts'
import type { CitizenMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { actionLabel, roleLabel } from '../../text/labels.ts'
import { byInstant } from '../../text/oslo-time.ts'

function newestFirst(items: AccessLogItem[]): AccessLogItem[] {
  return byInstant(items, (item) => item.at, 'newest-first')
}

function Organisation({ item }: { item: AccessLogItem }) {
  return (
    <>
      <span className="app-cell-main">{item.organisation?.name ?? 'Ingen virksomhet'}</span>
      {item.service ? <span className="app-cell-sub">{item.service.name}</span> : null}
    </>
  )
}

function Actor({ item }: { item: AccessLogItem }) {
  return (
    <>
      <span className="app-cell-main">{item.actorName ?? 'Ikke oppgitt'}</span>
      {item.actorRole ? <span className="app-cell-sub">{roleLabel(item.actorRole)}</span> : null}
    </>
  )
}

function Action({ item }: { item: AccessLogItem }) {
  return (
    <>
      <span className="app-cell-main">{actionLabel(item.action, item.resourceType)}</span>
      {item.emergency ? (
        <Tag data-color="danger" data-size="sm" className="app-cell-tag">
          Nødtilgang
        </Tag>
      ) : null}
    </>
  )
}

function AccessLogCard({ item }: { item: AccessLogItem }) {
  return (
    <Card data-color="neutral" className="app-stack app-stack--tight">
      <Paragraph className="app-log-time">
        <DateTime value={item.at} />
      </Paragraph>
      <Facts>
        <Fact term="Virksomhet">
          <Organisation item={item} />
        </Fact>
        <Fact term="Hvem">
          <Actor item={item} />
        </Fact>
        <Fact term="Hva">
          <Action item={item} />
        </Fact>
      </Facts>
    </Card>
  )
}

function AccessLogRow({ item }: { item: AccessLogItem }) {
  return (
    <>
      <Table.Cell className="app-nowrap">
        <DateTime value={item.at} />
      </Table.Cell>
      <Table.Cell>
        <Organisation item={item} />
      </Table.Cell>
      <Table.Cell>
        <Actor item={item} />
      </Table.Cell>
      <Table.Cell>
        <Action item={item} />
      </Table.Cell>
    </>
  )
}

/** Phones get one card per entry: four columns do not fit 360 pixels. */
function AccessLogTable({ items, caption }: { items: AccessLogItem[]; caption: string }) {
  return (
    <ResponsiveTable
      items={newestFirst(items)}
      itemKey={(item, index) => `${item.at}-${index}`}
      caption={{ id: 'access-log-caption', text: caption }}
      cardsLabel={caption}
      headers={['Tidspunkt', 'Virksomhet og tjeneste', 'Hvem og rolle', 'Hva']}
      zebra
      cells={(item) => <AccessLogRow item={item} />}
      card={(item) => <AccessLogCard item={item} />}
    />
  )
}

type Subject = { personId: string; title: string; intro: string; caption: string; empty: string }

/**
 * Whose log to show: the citizen's own, or (?person=…) that of someone the citizen represents
 * with the access log among the areas. The server decides too; this only avoids asking in vain.
 */
function subjectOf(me: CitizenMe, requested: string | null): Subject | null {
  if (requested === null || requested === me.person.id) {
    return {
      personId: me.person.id,
      title: 'Hvem har sett opplysningene dine',
      intro:
        'Her ser du hvem som har sett eller brukt opplysningene dine i Samband, når det skjedde, og hvilken virksomhet de jobbet for. Ser du noe du mener er feil, kan du kontakte virksomheten.',
      caption: 'Oppslag i opplysningene dine, nyeste først',
      // The log leaves out what the citizen did personally.
      empty: 'Ingen andre har sett opplysningene dine ennå.',
    }
  }
  const representation = me.representations.find((r) => r.personId === requested)
  if (!representation?.areas.includes('access-log')) return null
  return {
    personId: representation.personId,
    title: `Hvem har sett opplysningene til ${representation.name}`,
    intro: `Du ser denne loggen fordi du kan handle på vegne av ${representation.name}. Her ser du hvem som har sett eller brukt opplysningene i Samband, og når.`,
    caption: `Oppslag i opplysningene til ${representation.name}, nyeste først`,
    empty: `Ingen har sett opplysningene til ${representation.name} ennå.`,
  }
}

function NotAllowed() {
  useDocumentTitle('Du kan ikke se denne loggen')
  return (
    <div className="app-stack">
      <Heading level={1} data-size="lg">
        Du kan ikke se denne loggen
      </Heading>
      <Paragraph>Du kan bare se innsynsloggen din, og loggen til personer du kan se innsynsloggen for.</Paragraph>
      <Paragraph>
        <AppLink to="/innbygger">Tilbake til Min side</AppLink>
      </Paragraph>
    </div>
  )
}

function AccessLog({ subject }: { subject: Subject }) {
  useDocumentTitle(subject.title)
  const log = useAccessLog(subject.personId)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: 'Tilbake til Min side' }} title={subject.title}>
        <Paragraph>{subject.intro}</Paragraph>
      </PageHeader>
      <QueryContent query={log} error="Vi klarte ikke å hente innsynsloggen akkurat nå.">
        {(data) => (data.items.length === 0 ? <Paragraph>{subject.empty}</Paragraph> : <AccessLogTable items={data.items} caption={subject.caption} />)}
      </QueryContent>
    </div>
  )
}

function AccessLogForCitizen({ me }: { me: CitizenMe }) {
  const [params] = useSearchParams()
  const subject = subjectOf(me, params.get('person'))
  return subject ? <AccessLog subject={subject} /> : <NotAllowed />
}

export function AccessLogPage() {
  return <RequireSignIn kind="citizen">{(me) => <AccessLogForCitizen me={me} />}</RequireSignIn>
}
