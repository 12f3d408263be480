import { Card, Heading, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { type AccessLogItem, useAccessLog } from '../../api/innbygger/access-log.ts'
import type { CitizenMe } from '../../api/me.ts'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { byInstant, formatDateTime } from '../../text/oslo-time.ts'
import { actionLabel, roleLabel } from '../../text/labels.ts'

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

/** Phones get one card per entry: four columns do not fit 360 pixels. */
function AccessLogList({ items, caption }: { items: AccessLogItem[]; caption: string }) {
  return (
    <ul className="app-cards app-only-narrow" aria-label={caption}>
      {items.map((item, index) => (
        <li key={`${item.at}-${index}`}>
          <Card data-color="neutral" className="app-stack app-stack--tight">
            <Paragraph className="app-log-time">
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
            </Paragraph>
            <dl className="app-facts">
              <div>
                <dt>Virksomhet</dt>
                <dd>
                  <Organisation item={item} />
                </dd>
              </div>
              <div>
                <dt>Hvem</dt>
                <dd>
                  <Actor item={item} />
                </dd>
              </div>
              <div>
                <dt>Hva</dt>
                <dd>
                  <Action item={item} />
                </dd>
              </div>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  )
}

function AccessLogTable({ items, caption }: { items: AccessLogItem[]; caption: string }) {
  return (
    // Focusable and named: if the table is wider than the screen, keyboard users can still scroll it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby="access-log-caption">
      <Table zebra className="app-table">
        <caption id="access-log-caption" className="app-visually-hidden">
          {caption}
        </caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Tidspunkt</Table.HeaderCell>
            <Table.HeaderCell>Virksomhet og tjeneste</Table.HeaderCell>
            <Table.HeaderCell>Hvem og rolle</Table.HeaderCell>
            <Table.HeaderCell>Hva</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.map((item, index) => (
            <Table.Row key={`${item.at}-${index}`}>
              <Table.Cell className="app-nowrap">
                <time dateTime={item.at}>{formatDateTime(item.at)}</time>
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
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
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
        <Link asChild>
          <RouterLink to="/innbygger">Tilbake til Min side</RouterLink>
        </Link>
      </Paragraph>
    </div>
  )
}

function AccessLog({ subject }: { subject: Subject }) {
  useDocumentTitle(subject.title)
  const log = useAccessLog(subject.personId)
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/innbygger">Tilbake til Min side</RouterLink>
          </Link>
        </Paragraph>
        <Heading level={1} data-size="lg">
          {subject.title}
        </Heading>
        <Paragraph>{subject.intro}</Paragraph>
      </div>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <SectionError message="Vi klarte ikke å hente innsynsloggen akkurat nå." onRetry={() => void log.refetch()} />
      ) : log.data.items.length === 0 ? (
        <Paragraph>{subject.empty}</Paragraph>
      ) : (
        <>
          <AccessLogTable items={newestFirst(log.data.items)} caption={subject.caption} />
          <AccessLogList items={newestFirst(log.data.items)} caption={subject.caption} />
        </>
      )}
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
