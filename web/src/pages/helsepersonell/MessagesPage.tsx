import { Alert, Button, Card, Paragraph, Table, Tabs } from '@digdir/designsystemet-react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { type InboxItem, type OutboxItem, PAGE_SIZE, type PatientSummary, useInbox, useOutbox } from '../../api/helsepersonell/exchange.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { offsetParam, PagedList } from '../../components/Pager.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { type StatusTag, StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { partyLabel, receiverState } from '../../text/exchange.ts'
import { plural } from '../../text/format.ts'
import { formatDate } from '../../text/oslo-time.ts'

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
      <AppLink to={`/helsepersonell/meldinger/${encodeURIComponent(item.id)}`}>{item.subject ?? item.msgTypeName}</AppLink>
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

function InboxRow({ item }: { item: InboxItem }) {
  return (
    <>
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
        <DateTime value={item.genDate} />
      </Table.Cell>
      <Table.Cell>
        <StatusTags tags={inboxTags(item)} />
      </Table.Cell>
    </>
  )
}

function InboxCard({ item }: { item: InboxItem }) {
  return (
    <Card className={needsAttention(item) ? 'app-stack app-stack--tight app-card--attention' : 'app-stack app-stack--tight'}>
      <Paragraph className={item.read ? 'app-card-title' : 'app-card-title app-unread'}>
        <MessageLink item={item} />
      </Paragraph>
      <Facts>
        <Fact term="Fra">{partyLabel(item.sender)}</Fact>
        <Fact term="Pasient">
          <Patient patient={item.patient} />
        </Fact>
        <Fact term="Mottatt">
          <DateTime value={item.genDate} />
        </Fact>
      </Facts>
      <StatusTags tags={inboxTags(item)} />
    </Card>
  )
}

/** Phones get one card per message: five columns do not fit 360 pixels. */
function InboxTable({ items }: { items: InboxItem[] }) {
  return (
    <ResponsiveTable
      items={items}
      itemKey={(item) => `${item.id}-${item.receiver.herId}`}
      caption={{ id: 'inbox-caption', text: 'Mottatte meldinger. Ubesvarte forespørsler og kvitteringer over fristen står først.' }}
      cardsLabel="Mottatte meldinger"
      headers={['Melding', 'Fra', 'Pasient', 'Mottatt', 'Status']}
      rowClassName={(item) => (needsAttention(item) ? 'app-row--attention' : undefined)}
      cells={(item) => <InboxRow item={item} />}
      card={(item) => <InboxCard item={item} />}
    />
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

function OutboxRow({ item }: { item: OutboxItem }) {
  return (
    <>
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
        <DateTime value={item.genDate} />
      </Table.Cell>
    </>
  )
}

function OutboxCard({ item }: { item: OutboxItem }) {
  return (
    <Card className={hasProblem(item) ? 'app-stack app-stack--tight app-card--danger' : 'app-stack app-stack--tight'}>
      <Paragraph className="app-card-title">
        <MessageLink item={item} />
      </Paragraph>
      <Facts>
        <Fact term="Til">
          <Receivers item={item} />
        </Fact>
        <Fact term="Pasient">
          <Patient patient={item.patient} />
        </Fact>
        <Fact term="Sendt">
          <DateTime value={item.genDate} />
        </Fact>
      </Facts>
    </Card>
  )
}

function OutboxTable({ items }: { items: OutboxItem[] }) {
  return (
    <ResponsiveTable
      items={items}
      itemKey={(item) => item.id}
      caption={{ id: 'outbox-caption', text: 'Sendte meldinger, nyeste først, med status hos hver mottaker' }}
      cardsLabel="Sendte meldinger"
      headers={['Melding', 'Til og status', 'Pasient', 'Sendt']}
      rowClassName={(item) => (hasProblem(item) ? 'app-row--danger' : undefined)}
      cells={(item) => <OutboxRow item={item} />}
      card={(item) => <OutboxCard item={item} />}
    />
  )
}

type PanelProps = { offset: number; onPage: (offset: number) => void }

function InboxPanel({ offset, onPage }: PanelProps) {
  const inbox = useInbox(offset)
  return (
    <QueryContent query={inbox} error="Vi klarte ikke å hente innboksen akkurat nå.">
      {({ items, total, needsAttention: attention }) => (
        <PagedList
          total={total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerLabel="Sider i innboksen"
          onPage={onPage}
          empty="Innboksen er tom. Meldinger til tjenesten din kommer hit."
          notice={
            attention > 0 ? (
              <Alert data-color="warning">
                <Paragraph>
                  {plural(attention, 'melding trenger', 'meldinger trenger')} oppfølging: ubesvarte forespørsler eller meldinger som ikke er kvittert innen
                  fristen. De står øverst.
                </Paragraph>
              </Alert>
            ) : null
          }
        >
          <InboxTable items={items} />
        </PagedList>
      )}
    </QueryContent>
  )
}

function OutboxPanel({ offset, onPage }: PanelProps) {
  const outbox = useOutbox(offset)
  return (
    <QueryContent query={outbox} error="Vi klarte ikke å hente sendte meldinger akkurat nå.">
      {({ items, total, overdue }) => (
        <PagedList
          total={total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerLabel="Sider i sendte meldinger"
          onPage={onPage}
          empty="Tjenesten din har ikke sendt noen meldinger ennå."
          notice={
            overdue > 0 ? (
              <Alert data-color="danger">
                <Paragraph>
                  {plural(overdue, 'sendt melding', 'sendte meldinger')} mangler kvittering fra mottakeren etter fristen på 96 timer. Kontakt mottakeren, eller
                  åpne meldingen og velg «Send meldingen på nytt».
                </Paragraph>
              </Alert>
            ) : null
          }
        >
          <OutboxTable items={items} />
        </PagedList>
      )}
    </QueryContent>
  )
}

function Messages({ me }: { me: StaffMe }) {
  useDocumentTitle('Meldinger')
  const [params, setParams] = useSearchParams()
  const folder: Folder = params.get('mappe') === 'sendt' ? 'sendt' : 'innboks'
  const offset = offsetParam(params)
  const show = (next: Folder, nextOffset = 0) => {
    const search = new URLSearchParams()
    if (next === 'sendt') search.set('mappe', 'sendt')
    if (nextOffset > 0) search.set('fra', String(nextOffset))
    setParams(search)
  }
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }} title="Meldinger">
        <Paragraph>
          Meldinger til og fra {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''} (HER-id {me.service?.herId}).
        </Paragraph>
        <div className="app-actions">
          <Button asChild>
            <RouterLink to="/helsepersonell/meldinger/ny">Ny melding</RouterLink>
          </Button>
          <AppLink to="/helsepersonell/adresseregister">Søk i adresseregisteret</AppLink>
        </div>
      </PageHeader>
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
