import { Alert, Card, Heading, Link, Paragraph, Table, Tabs } from '@digdir/designsystemet-react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import type { StaffMe } from '../../api/me.ts'
import { SERVICE_THREAD_PAGE_SIZE, type StaffThreadSummary, type ThreadFilter, useServiceThreads } from '../../api/helsepersonell/service-threads.ts'
import { Pager } from '../../components/Pager.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { plural, staffThreadTags } from '../../text/citizen-messages.ts'
import { formatDate, formatDateTime } from '../../text/oslo-time.ts'

const BASE = '/helsepersonell/innbyggermeldinger'

const FILTERS: { value: ThreadFilter; label: string }[] = [
  { value: 'open', label: 'Åpne' },
  { value: 'closed', label: 'Avsluttede' },
  { value: 'all', label: 'Alle' },
]

function filterOf(value: string | null): ThreadFilter {
  return value === 'closed' || value === 'all' ? value : 'open'
}

function attentionClass(thread: StaffThreadSummary, kind: 'row' | 'card'): string | undefined {
  if (thread.overdue) return kind === 'row' ? 'app-row--danger' : 'app-card--danger'
  if (thread.awaitingAnswer) return kind === 'row' ? 'app-row--attention' : 'app-card--attention'
  return undefined
}

function ThreadLink({ thread }: { thread: StaffThreadSummary }) {
  return (
    <Link asChild>
      <RouterLink to={`${BASE}/${encodeURIComponent(thread.id)}`}>{thread.subject}</RouterLink>
    </Link>
  )
}

function Citizen({ thread }: { thread: StaffThreadSummary }) {
  return (
    <>
      <span className="app-cell-main">{thread.citizen.name}</span>
      <span className="app-cell-sub">Født {formatDate(thread.citizen.birthDate)}</span>
    </>
  )
}

function Due({ thread }: { thread: StaffThreadSummary }) {
  if (!thread.answerDueAt || !thread.awaitingAnswer) return <>–</>
  return <time dateTime={thread.answerDueAt}>{formatDateTime(thread.answerDueAt)}</time>
}

function ThreadTable({ items }: { items: StaffThreadSummary[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby="threads-caption">
      <Table className="app-table">
        <caption id="threads-caption" className="app-visually-hidden">
          Meldinger fra innbyggere. Forfalte og ubesvarte står først.
        </caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Emne</Table.HeaderCell>
            <Table.HeaderCell>Innbygger</Table.HeaderCell>
            <Table.HeaderCell>Siste melding</Table.HeaderCell>
            <Table.HeaderCell>Svarfrist</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {items.map((thread) => (
            <Table.Row key={thread.id} className={attentionClass(thread, 'row')}>
              <Table.Cell className={thread.unreadCount > 0 ? 'app-unread' : undefined}>
                <ThreadLink thread={thread} />
              </Table.Cell>
              <Table.Cell>
                <Citizen thread={thread} />
              </Table.Cell>
              <Table.Cell className="app-nowrap">
                <time dateTime={thread.lastMessageAt}>{formatDateTime(thread.lastMessageAt)}</time>
              </Table.Cell>
              <Table.Cell className="app-nowrap">
                <Due thread={thread} />
              </Table.Cell>
              <Table.Cell>
                <StatusTags tags={staffThreadTags(thread)} />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </section>
  )
}

/** Phones get one card per thread: five columns do not fit 360 pixels. */
function ThreadCards({ items }: { items: StaffThreadSummary[] }) {
  return (
    <ul className="app-cards app-only-narrow" aria-label="Meldinger fra innbyggere">
      {items.map((thread) => {
        const attention = attentionClass(thread, 'card')
        return (
          <li key={thread.id}>
            <Card className={attention ? `app-stack app-stack--tight ${attention}` : 'app-stack app-stack--tight'}>
              <Paragraph className={thread.unreadCount > 0 ? 'app-card-title app-break-anywhere app-unread' : 'app-card-title app-break-anywhere'}>
                <ThreadLink thread={thread} />
              </Paragraph>
              <dl className="app-facts">
                <div>
                  <dt>Innbygger</dt>
                  <dd>
                    <Citizen thread={thread} />
                  </dd>
                </div>
                <div>
                  <dt>Siste melding</dt>
                  <dd>
                    <time dateTime={thread.lastMessageAt}>{formatDateTime(thread.lastMessageAt)}</time>
                  </dd>
                </div>
                {thread.awaitingAnswer && thread.answerDueAt ? (
                  <div>
                    <dt>Svarfrist</dt>
                    <dd>
                      <Due thread={thread} />
                    </dd>
                  </div>
                ) : null}
              </dl>
              <StatusTags tags={staffThreadTags(thread)} />
            </Card>
          </li>
        )
      })}
    </ul>
  )
}

function ThreadsPanel({ serviceId, filter, offset, onPage }: { serviceId: string; filter: ThreadFilter; offset: number; onPage: (offset: number) => void }) {
  const threads = useServiceThreads(serviceId, filter, offset)
  if (threads.isPending) return <Loading />
  if (threads.isError) return <SectionError message="Vi klarte ikke å hente meldingene akkurat nå." onRetry={() => void threads.refetch()} />
  const { items, total, unanswered, overdue } = threads.data
  if (total === 0) {
    const empty: Record<ThreadFilter, string> = {
      open: 'Ingen åpne samtaler. Når en innbygger skriver til tjenesten, kommer meldingen hit.',
      closed: 'Ingen avsluttede samtaler.',
      all: 'Ingen innbyggere har skrevet til tjenesten ennå.',
    }
    return <Paragraph>{empty[filter]}</Paragraph>
  }
  return (
    <div className="app-stack">
      {overdue > 0 ? (
        <Alert data-color="danger">
          <Paragraph>
            {plural(overdue, 'samtale har', 'samtaler har')} passert svarfristen uten svar
            {unanswered > overdue ? `, og ${unanswered - overdue} til venter på svar` : ''}. De står øverst.
          </Paragraph>
        </Alert>
      ) : unanswered > 0 ? (
        <Alert data-color="warning">
          <Paragraph>{plural(unanswered, 'samtale venter', 'samtaler venter')} på svar fra tjenesten. De står øverst.</Paragraph>
        </Alert>
      ) : null}
      <ThreadTable items={items} />
      <ThreadCards items={items} />
      <Pager total={total} offset={offset} limit={SERVICE_THREAD_PAGE_SIZE} label="Sider med meldinger fra innbyggere" onChange={onPage} />
    </div>
  )
}

function ServiceThreads({ me }: { me: StaffMe }) {
  useDocumentTitle('Meldinger fra innbyggere')
  const [params, setParams] = useSearchParams()
  const filter = filterOf(params.get('status'))
  const offset = Math.max(0, Number(params.get('fra')) || 0)
  const show = (next: ThreadFilter, nextOffset = 0) => {
    const search = new URLSearchParams()
    if (next !== 'open') search.set('status', next)
    if (nextOffset > 0) search.set('fra', String(nextOffset))
    setParams(search)
  }
  // RequireMessaging lets only staff acting for a service in.
  const serviceId = me.service?.id ?? ''
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/helsepersonell">Tilbake til forsiden for helsepersonell</RouterLink>
          </Link>
        </Paragraph>
        <Heading level={1} data-size="lg">
          Meldinger fra innbyggere
        </Heading>
        <Paragraph className="app-intro">
          Meldinger som innbyggere og deres fullmektiger har sendt til {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''}. Forfalte og ubesvarte samtaler står øverst.
        </Paragraph>
      </div>
      <Tabs className="app-tabs" value={filter} onChange={(value) => show(filterOf(value))}>
        <Tabs.List>
          {FILTERS.map((f) => (
            <Tabs.Tab key={f.value} value={f.value}>
              {f.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {FILTERS.map((f) => (
          <Tabs.Panel key={f.value} value={f.value}>
            {filter === f.value ? <ThreadsPanel serviceId={serviceId} filter={f.value} offset={offset} onPage={(o) => show(f.value, o)} /> : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </div>
  )
}

export function ServiceThreadsPage() {
  return <RequireMessaging>{(me) => <ServiceThreads me={me} />}</RequireMessaging>
}
