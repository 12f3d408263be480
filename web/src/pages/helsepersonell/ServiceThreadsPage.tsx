import { Alert, Card, Paragraph, Table, Tabs } from '@digdir/designsystemet-react'
import { useSearchParams } from 'react-router'
import { SERVICE_THREAD_PAGE_SIZE, type StaffThreadSummary, type ThreadFilter, useServiceThreads } from '../../api/helsepersonell/service-threads.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { offsetParam, PagedList } from '../../components/Pager.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { ThreadLink } from '../../components/thread/ThreadLink.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { staffThreadTags } from '../../text/citizen-messages.ts'
import { plural } from '../../text/format.ts'
import { formatDate } from '../../text/oslo-time.ts'

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
  return <DateTime value={thread.answerDueAt} />
}

function ThreadRow({ thread }: { thread: StaffThreadSummary }) {
  return (
    <>
      <Table.Cell className={thread.unreadCount > 0 ? 'app-unread' : undefined}>
        <ThreadLink base={BASE} thread={thread} />
      </Table.Cell>
      <Table.Cell>
        <Citizen thread={thread} />
      </Table.Cell>
      <Table.Cell className="app-nowrap">
        <DateTime value={thread.lastMessageAt} />
      </Table.Cell>
      <Table.Cell className="app-nowrap">
        <Due thread={thread} />
      </Table.Cell>
      <Table.Cell>
        <StatusTags tags={staffThreadTags(thread)} />
      </Table.Cell>
    </>
  )
}

function ThreadCard({ thread }: { thread: StaffThreadSummary }) {
  const attention = attentionClass(thread, 'card')
  return (
    <Card className={attention ? `app-stack app-stack--tight ${attention}` : 'app-stack app-stack--tight'}>
      <Paragraph className={thread.unreadCount > 0 ? 'app-card-title app-break-anywhere app-unread' : 'app-card-title app-break-anywhere'}>
        <ThreadLink base={BASE} thread={thread} />
      </Paragraph>
      <Facts>
        <Fact term="Innbygger">
          <Citizen thread={thread} />
        </Fact>
        <Fact term="Siste melding">
          <DateTime value={thread.lastMessageAt} />
        </Fact>
        {thread.awaitingAnswer && thread.answerDueAt ? (
          <Fact term="Svarfrist">
            <Due thread={thread} />
          </Fact>
        ) : null}
      </Facts>
      <StatusTags tags={staffThreadTags(thread)} />
    </Card>
  )
}

const EMPTY: Record<ThreadFilter, string> = {
  open: 'Ingen åpne samtaler. Når en innbygger skriver til tjenesten, kommer meldingen hit.',
  closed: 'Ingen avsluttede samtaler.',
  all: 'Ingen innbyggere har skrevet til tjenesten ennå.',
}

function ThreadsPanel({ serviceId, filter, offset, onPage }: { serviceId: string; filter: ThreadFilter; offset: number; onPage: (offset: number) => void }) {
  const threads = useServiceThreads(serviceId, filter, offset)
  return (
    <QueryContent query={threads} error="Vi klarte ikke å hente meldingene akkurat nå.">
      {({ items, total, unanswered, overdue }) => (
        <PagedList
          total={total}
          offset={offset}
          limit={SERVICE_THREAD_PAGE_SIZE}
          pagerLabel="Sider med meldinger fra innbyggere"
          onPage={onPage}
          empty={EMPTY[filter]}
          notice={
            overdue > 0 ? (
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
            ) : null
          }
        >
          {/* Phones get one card per thread: five columns do not fit 360 pixels. */}
          <ResponsiveTable
            items={items}
            itemKey={(thread) => thread.id}
            caption={{ id: 'threads-caption', text: 'Meldinger fra innbyggere. Forfalte og ubesvarte står først.' }}
            cardsLabel="Meldinger fra innbyggere"
            headers={['Emne', 'Innbygger', 'Siste melding', 'Svarfrist', 'Status']}
            rowClassName={(thread) => attentionClass(thread, 'row')}
            cells={(thread) => <ThreadRow thread={thread} />}
            card={(thread) => <ThreadCard thread={thread} />}
          />
        </PagedList>
      )}
    </QueryContent>
  )
}

function ServiceThreads({ me }: { me: StaffMe }) {
  useDocumentTitle('Meldinger fra innbyggere')
  const [params, setParams] = useSearchParams()
  const filter = filterOf(params.get('status'))
  const offset = offsetParam(params)
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
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }} title="Meldinger fra innbyggere">
        <Paragraph className="app-intro">
          Meldinger som innbyggere og deres fullmektiger har sendt til {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''}. Forfalte og ubesvarte samtaler står øverst.
        </Paragraph>
      </PageHeader>
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
