import { Alert, Button, Card, Heading, Link, Paragraph, Table, Tabs } from '@digdir/designsystemet-react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { type InboxItem, type OutboxItem, PAGE_SIZE, type PatientSummary, useInbox, useOutbox } from '../../api/helsepersonell/exchange.ts'
import type { StaffMe } from '../../api/me.ts'
import { Pager } from '../../components/Pager.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { type StatusTag, StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { partyLabel, receiverState } from '../../text/exchange.ts'
import { formatDate, formatDateTime } from '../../text/oslo-time.ts'

type Folder = 'innboks' | 'sendt'

function inboxTags(item: InboxItem): StatusTag[] {
  const tags: StatusTag[] = []
  if (item.overdue) tags.push({ label: 'Kvittering over fristen', color: 'danger' })
  if (item.needsAnswer) tags.push({ label: 'Ubesvart', color: 'warning' })
  if (!item.read) tags.push({ label: 'Ulest', color: 'info' })
  if (item.appRecStatus === 'Ok') tags.push({ label: 'Kvittert', color: 'success' })
  return tags
}

function needsAttention(item: InboxItem): boolean {
  return item.overdue || item.needsAnswer
}

/** A sent message with a receiver that has not receipted in time, could not be reached, or rejected it. */
function hasProblem(item: OutboxItem): boolean {
  return item.receivers.some((r) => receiverState(r).color === 'danger')
}

function MessageLink({ item }: { item: { id: string; subject: string | null; msgTypeName: string } }) {
  return (
    <>
      <Link asChild>
        <RouterLink to={`/helsepersonell/meldinger/${encodeURIComponent(item.id)}`}>{item.subject ?? item.msgTypeName}</RouterLink>
      </Link>
      <span className="app-cell-sub">{item.msgTypeName}</span>
    </>
  )
}

function Patient({ patient }: { patient: PatientSummary }) {
  if (!patient) return <span className="app-cell-main">Ikke oppgitt</span>
  return (
    <>
      <span className="app-cell-main">{patient.name}</span>
      {patient.birthDate ? <span className="app-cell-sub">Født {formatDate(patient.birthDate)}</span> : null}
    </>
  )
}

function Party({ party }: { party: { name: string; organisationName: string | null } }) {
  return (
    <>
      <span className="app-cell-main">{party.name}</span>
      {party.organisationName ? <span className="app-cell-sub">{party.organisationName}</span> : null}
    </>
  )
}

function InboxTable({ items }: { items: InboxItem[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby="inbox-caption">
      <Table className="app-table">
        <caption id="inbox-caption" className="app-visually-hidden">
          Mottatte meldinger. Ubesvarte forespørsler og kvitteringer over fristen står først.
        </caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Melding</Table.HeaderCell>
            <Table.HeaderCell>Fra</Table.HeaderCell>
            <Table.HeaderCell>Pasient</Table.HeaderCell>
            <Table.HeaderCell>Mottatt</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.map((item) => (
            <Table.Row key={`${item.id}-${item.receiver.herId}`} className={needsAttention(item) ? 'app-row--attention' : undefined}>
              <Table.Cell className={item.read ? undefined : 'app-unread'}>
                <MessageLink item={item} />
              </Table.Cell>
              <Table.Cell>
                <Party party={item.sender} />
              </Table.Cell>
              <Table.Cell>
                <Patient patient={item.patient} />
              </Table.Cell>
              <Table.Cell className="app-nowrap">
                <time dateTime={item.genDate}>{formatDateTime(item.genDate)}</time>
              </Table.Cell>
              <Table.Cell>
                <StatusTags tags={inboxTags(item)} />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
  )
}

/** Phones get one card per message: five columns do not fit 360 pixels. */
function InboxCards({ items }: { items: InboxItem[] }) {
  return (
    <ul className="app-cards app-only-narrow" aria-label="Mottatte meldinger">
      {items.map((item) => (
        <li key={`${item.id}-${item.receiver.herId}`}>
          <Card className={needsAttention(item) ? 'app-stack app-stack--tight app-card--attention' : 'app-stack app-stack--tight'}>
            <Paragraph className={item.read ? 'app-card-title' : 'app-card-title app-unread'}>
              <MessageLink item={item} />
            </Paragraph>
            <dl className="app-facts">
              <div>
                <dt>Fra</dt>
                <dd>{partyLabel(item.sender)}</dd>
              </div>
              <div>
                <dt>Pasient</dt>
                <dd>
                  <Patient patient={item.patient} />
                </dd>
              </div>
              <div>
                <dt>Mottatt</dt>
                <dd>
                  <time dateTime={item.genDate}>{formatDateTime(item.genDate)}</time>
                </dd>
              </div>
            </dl>
            <StatusTags tags={inboxTags(item)} />
          </Card>
        </li>
      ))}
    </ul>
  )
}

function Receivers({ item }: { item: OutboxItem }) {
  return (
    <ul className="app-plain-list">
      {item.receivers.map((r) => (
        <li key={r.herId}>
          <span className="app-cell-main">{partyLabel(r)}</span>
          <StatusTags tags={[receiverState(r)]} />
        </li>
      ))}
    </ul>
  )
}

function OutboxTable({ items }: { items: OutboxItem[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby="outbox-caption">
      <Table className="app-table">
        <caption id="outbox-caption" className="app-visually-hidden">
          Sendte meldinger, nyeste først, med status hos hver mottaker
        </caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Melding</Table.HeaderCell>
            <Table.HeaderCell>Til og status</Table.HeaderCell>
            <Table.HeaderCell>Pasient</Table.HeaderCell>
            <Table.HeaderCell>Sendt</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.map((item) => (
            <Table.Row key={item.id} className={hasProblem(item) ? 'app-row--danger' : undefined}>
              <Table.Cell>
                <MessageLink item={item} />
              </Table.Cell>
              <Table.Cell>
                <Receivers item={item} />
              </Table.Cell>
              <Table.Cell>
                <Patient patient={item.patient} />
              </Table.Cell>
              <Table.Cell className="app-nowrap">
                <time dateTime={item.genDate}>{formatDateTime(item.genDate)}</time>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
  )
}

function OutboxCards({ items }: { items: OutboxItem[] }) {
  return (
    <ul className="app-cards app-only-narrow" aria-label="Sendte meldinger">
      {items.map((item) => (
        <li key={item.id}>
          <Card className={hasProblem(item) ? 'app-stack app-stack--tight app-card--danger' : 'app-stack app-stack--tight'}>
            <Paragraph className="app-card-title">
              <MessageLink item={item} />
            </Paragraph>
            <dl className="app-facts">
              <div>
                <dt>Til</dt>
                <dd>
                  <Receivers item={item} />
                </dd>
              </div>
              <div>
                <dt>Pasient</dt>
                <dd>
                  <Patient patient={item.patient} />
                </dd>
              </div>
              <div>
                <dt>Sendt</dt>
                <dd>
                  <time dateTime={item.genDate}>{formatDateTime(item.genDate)}</time>
                </dd>
              </div>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  )
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function InboxPanel({ offset, onPage }: { offset: number; onPage: (offset: number) => void }) {
  const inbox = useInbox(offset)
  if (inbox.isPending) return <Loading />
  if (inbox.isError) return <SectionError message="Vi klarte ikke å hente innboksen akkurat nå." onRetry={() => void inbox.refetch()} />
  const { items, total, needsAttention: attention } = inbox.data
  if (total === 0) return <Paragraph>Innboksen er tom. Meldinger til tjenesten din kommer hit.</Paragraph>
  return (
    <div className="app-stack">
      {attention > 0 ? (
        <Alert data-color="warning">
          <Paragraph>
            {plural(attention, 'melding trenger', 'meldinger trenger')} oppfølging: ubesvarte forespørsler eller meldinger som ikke er kvittert innen fristen.
            De står øverst.
          </Paragraph>
        </Alert>
      ) : null}
      <InboxTable items={items} />
      <InboxCards items={items} />
      <Pager total={total} offset={offset} limit={PAGE_SIZE} label="Sider i innboksen" onChange={onPage} />
    </div>
  )
}

function OutboxPanel({ offset, onPage }: { offset: number; onPage: (offset: number) => void }) {
  const outbox = useOutbox(offset)
  if (outbox.isPending) return <Loading />
  if (outbox.isError) return <SectionError message="Vi klarte ikke å hente sendte meldinger akkurat nå." onRetry={() => void outbox.refetch()} />
  const { items, total, overdue } = outbox.data
  if (total === 0) return <Paragraph>Tjenesten din har ikke sendt noen meldinger ennå.</Paragraph>
  return (
    <div className="app-stack">
      {overdue > 0 ? (
        <Alert data-color="danger">
          <Paragraph>
            {plural(overdue, 'sendt melding', 'sendte meldinger')} mangler kvittering fra mottakeren etter fristen på 96 timer. Kontakt mottakeren, eller send
            meldingen på nytt.
          </Paragraph>
        </Alert>
      ) : null}
      <OutboxTable items={items} />
      <OutboxCards items={items} />
      <Pager total={total} offset={offset} limit={PAGE_SIZE} label="Sider i sendte meldinger" onChange={onPage} />
    </div>
  )
}

function Messages({ me }: { me: StaffMe }) {
  useDocumentTitle('Meldinger')
  const [params, setParams] = useSearchParams()
  const folder: Folder = params.get('mappe') === 'sendt' ? 'sendt' : 'innboks'
  const offset = Math.max(0, Number(params.get('fra')) || 0)
  const show = (next: Folder, nextOffset = 0) => {
    const search = new URLSearchParams()
    if (next === 'sendt') search.set('mappe', 'sendt')
    if (nextOffset > 0) search.set('fra', String(nextOffset))
    setParams(search)
  }
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/helsepersonell">Tilbake til forsiden for helsepersonell</RouterLink>
          </Link>
        </Paragraph>
        <Heading level={1} data-size="lg">
          Meldinger
        </Heading>
        <Paragraph>
          Meldinger til og fra {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''} (HER-id {me.service?.herId}).
        </Paragraph>
        <div className="app-actions">
          <Button asChild>
            <RouterLink to="/helsepersonell/meldinger/ny">Ny melding</RouterLink>
          </Button>
          <Link asChild>
            <RouterLink to="/helsepersonell/adresseregister">Søk i adresseregisteret</RouterLink>
          </Link>
        </div>
      </div>
      <Tabs className="app-tabs" value={folder} onChange={(value) => show(value === 'sendt' ? 'sendt' : 'innboks')}>
        <Tabs.List>
          <Tabs.Tab value="innboks">Innboks</Tabs.Tab>
          <Tabs.Tab value="sendt">Sendt</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="innboks">{folder === 'innboks' ? <InboxPanel offset={offset} onPage={(o) => show('innboks', o)} /> : null}</Tabs.Panel>
        <Tabs.Panel value="sendt">{folder === 'sendt' ? <OutboxPanel offset={offset} onPage={(o) => show('sendt', o)} /> : null}</Tabs.Panel>
      </Tabs>
    </div>
  )
}

export function MessagesPage() {
  return <RequireMessaging>{(me) => <Messages me={me} />}</RequireMessaging>
}
