import { Alert, Button, Card, Field, Label, Paragraph, Select, Table, Tabs, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { useSearchParams } from 'react-router'
import {
  SERVICE_THREAD_PAGE_SIZE,
  type StaffThreadSummary,
  type ThreadFilter,
  type ThreadQuery,
  useServiceThreads,
} from '../../api/helsepersonell/service-threads.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { offsetParam, PagedList } from '../../components/Pager.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { AnswerTemplates } from '../../components/helsepersonell/AnswerTemplates.tsx'
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

const ASSIGNED: { value: ThreadQuery['assigned']; label: string; param: string }[] = [
  { value: 'all', label: 'Alle', param: '' },
  { value: 'mine', label: 'Mine', param: 'mine' },
  { value: 'none', label: 'Ingen har den', param: 'ingen' },
]

function filterOf(value: string | null): ThreadFilter {
  return value === 'closed' || value === 'all' ? value : 'open'
}

/** The inbox's state lives in the address (?status=…&tildelt=mine&sok=…&pasient=…&fra=20), so it can be shared and reloaded. */
function queryOf(params: URLSearchParams): ThreadQuery {
  const assigned = ASSIGNED.find((a) => a.param !== '' && a.param === params.get('tildelt'))?.value ?? 'all'
  return { status: filterOf(params.get('status')), assigned, q: params.get('sok') ?? '', patient: params.get('pasient') }
}

function searchOf(query: ThreadQuery, offset: number): URLSearchParams {
  const search = new URLSearchParams()
  if (query.status !== 'open') search.set('status', query.status)
  const assigned = ASSIGNED.find((a) => a.value === query.assigned)?.param
  if (assigned) search.set('tildelt', assigned)
  if (query.q) search.set('sok', query.q)
  if (query.patient) search.set('pasient', query.patient)
  if (offset > 0) search.set('fra', String(offset))
  return search
}

function attentionClass(thread: StaffThreadSummary, kind: 'row' | 'card'): string | undefined {
  if (thread.overdue) return kind === 'row' ? 'app-row--danger' : 'app-card--danger'
  if (thread.awaitingAnswer) return kind === 'row' ? 'app-row--attention' : 'app-card--attention'
  return undefined
}

function Citizen({ thread, onPatient }: { thread: StaffThreadSummary; onPatient: ((personId: string) => void) | null }) {
  return (
    <>
      <span className="app-cell-main">{thread.citizen.name}</span>
      <span className="app-cell-sub">Født {formatDate(thread.citizen.birthDate)}</span>
      {onPatient ? (
        <Button variant="tertiary" data-size="sm" onClick={() => onPatient(thread.citizen.personId)}>
          Alle samtaler med {thread.citizen.name}
        </Button>
      ) : null}
    </>
  )
}

/** The conversation at a glance: how many messages, and whose is the last. */
function Conversation({ thread }: { thread: StaffThreadSummary }) {
  return (
    <span className="app-cell-sub">
      {plural(thread.messageCount, 'melding', 'meldinger')} · siste fra {thread.lastMessageFrom === 'citizen' ? 'innbyggeren' : 'tjenesten'}
    </span>
  )
}

function Assignee({ thread }: { thread: StaffThreadSummary }) {
  return thread.assignee ? thread.assignee.name : <span className="app-cell-sub">Ingen</span>
}

function Due({ thread }: { thread: StaffThreadSummary }) {
  if (!thread.answerDueAt || !thread.awaitingAnswer) return <>–</>
  return <DateTime value={thread.answerDueAt} />
}

type RowProps = { thread: StaffThreadSummary; onPatient: ((personId: string) => void) | null }

function ThreadRow({ thread, onPatient }: RowProps) {
  return (
    <>
      <Table.Cell className={thread.unreadCount > 0 ? 'app-unread' : undefined}>
        <ThreadLink base={BASE} thread={thread} />
        <Conversation thread={thread} />
      </Table.Cell>
      <Table.Cell>
        <Citizen thread={thread} onPatient={onPatient} />
      </Table.Cell>
      <Table.Cell>
        <Assignee thread={thread} />
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

function ThreadCard({ thread, onPatient }: RowProps) {
  const attention = attentionClass(thread, 'card')
  return (
    <Card className={attention ? `app-stack app-stack--tight ${attention}` : 'app-stack app-stack--tight'}>
      <Paragraph className={thread.unreadCount > 0 ? 'app-card-title app-break-anywhere app-unread' : 'app-card-title app-break-anywhere'}>
        <ThreadLink base={BASE} thread={thread} />
      </Paragraph>
      <Conversation thread={thread} />
      <Facts>
        <Fact term="Innbygger">
          <Citizen thread={thread} onPatient={onPatient} />
        </Fact>
        <Fact term="Hos">
          <Assignee thread={thread} />
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

const filtered = (query: ThreadQuery) => query.assigned !== 'all' || query.q !== '' || query.patient !== null

function ThreadsPanel(props: {
  serviceId: string
  query: ThreadQuery
  offset: number
  onPage: (offset: number) => void
  onPatient: (personId: string) => void
}) {
  const { serviceId, query, offset, onPage } = props
  const filter = query.status
  const onPatient = query.patient ? null : props.onPatient
  const threads = useServiceThreads(serviceId, query, offset)
  return (
    <QueryContent query={threads} error="Vi klarte ikke å hente meldingene akkurat nå.">
      {({ items, total, unanswered, overdue }) => (
        <PagedList
          total={total}
          offset={offset}
          limit={SERVICE_THREAD_PAGE_SIZE}
          pagerLabel="Sider med meldinger fra innbyggere"
          onPage={onPage}
          empty={filtered(query) ? 'Ingen samtaler passer til søket.' : EMPTY[filter]}
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
            headers={['Samtale', 'Innbygger', 'Hos', 'Siste melding', 'Svarfrist', 'Status']}
            rowClassName={(thread) => attentionClass(thread, 'row')}
            cells={(thread) => <ThreadRow thread={thread} onPatient={onPatient} />}
            card={(thread) => <ThreadCard thread={thread} onPatient={onPatient} />}
          />
        </PagedList>
      )}
    </QueryContent>
  )
}

/** Search in subject or name, and whose threads; the status tabs and a chosen patient are kept. */
function Filters({ query, onSearch }: { query: ThreadQuery; onSearch: (next: ThreadQuery) => void }) {
  const [text, setText] = useState(query.q)
  const [assigned, setAssigned] = useState(query.assigned)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSearch({ ...query, q: text.trim(), assigned })
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: the <search> element is not yet announced by every screen reader in use
    <form role="search" aria-label="Søk i meldinger fra innbyggere" className="app-search-form" onSubmit={submit}>
      <Textfield label="Emne eller innbyggerens navn" value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" />
      <Field>
        <Label>Hvem har samtalen</Label>
        <Select value={assigned} onChange={(event) => setAssigned(event.target.value as ThreadQuery['assigned'])}>
          {ASSIGNED.map((a) => (
            <Select.Option key={a.value} value={a.value}>
              {a.label}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <div>
        <Button type="submit">Søk</Button>
      </div>
    </form>
  )
}

function PatientFilter({ serviceId, query, onClear }: { serviceId: string; query: ThreadQuery; onClear: () => void }) {
  // The patient's name comes with their threads; the page needs no other look-up.
  const threads = useServiceThreads(serviceId, { ...query, status: 'all', q: '', assigned: 'all' }, 0, query.patient !== null)
  if (!query.patient) return null
  const name = threads.data?.items[0]?.citizen.name ?? 'én innbygger'
  return (
    <div className="app-chosen">
      <Paragraph>
        Viser bare samtaler med <strong>{name}</strong>.
      </Paragraph>
      <Button variant="secondary" data-size="sm" onClick={onClear}>
        Vis alle innbyggere
      </Button>
    </div>
  )
}

function ServiceThreads({ me }: { me: StaffMe }) {
  useDocumentTitle('Meldinger fra innbyggere')
  const [params, setParams] = useSearchParams()
  const query = queryOf(params)
  const offset = offsetParam(params)
  const show = (next: ThreadQuery, nextOffset = 0) => setParams(searchOf(next, nextOffset))
  // RequireMessaging lets only staff acting for a service in.
  const serviceId = me.service?.id ?? ''
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }} title="Meldinger fra innbyggere">
        <Paragraph className="app-intro">
          Samtaler som innbyggere og deres fullmektiger har startet med {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''}. Forfalte og ubesvarte samtaler står øverst.
        </Paragraph>
      </PageHeader>
      <Filters key={`${query.q}|${query.assigned}`} query={query} onSearch={(next) => show(next)} />
      <PatientFilter serviceId={serviceId} query={query} onClear={() => show({ ...query, patient: null })} />
      <Tabs className="app-tabs" value={query.status} onChange={(value) => show({ ...query, status: filterOf(value) })}>
        <Tabs.List>
          {FILTERS.map((f) => (
            <Tabs.Tab key={f.value} value={f.value}>
              {f.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {FILTERS.map((f) => (
          <Tabs.Panel key={f.value} value={f.value}>
            {query.status === f.value ? (
              <ThreadsPanel
                serviceId={serviceId}
                query={query}
                offset={offset}
                onPage={(o) => show(query, o)}
                onPatient={(patient) => show({ ...query, patient })}
              />
            ) : null}
          </Tabs.Panel>
        ))}
      </Tabs>
      <AnswerTemplates me={me} serviceId={serviceId} />
    </div>
  )
}

export function ServiceThreadsPage() {
  return <RequireMessaging>{(me) => <ServiceThreads me={me} />}</RequireMessaging>
}
