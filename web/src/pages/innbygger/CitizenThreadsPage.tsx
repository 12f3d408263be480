import { Button, Card, Heading, Link, Paragraph } from '@digdir/designsystemet-react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { THREAD_PAGE_SIZE, type ThreadSummary, useThreads } from '../../api/innbygger/citizen-messages.ts'
import type { ActingAs } from '../../components/innbygger/acting-as.tsx'
import { Pager } from '../../components/Pager.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { citizenThreadTags, EMERGENCY_NOTE, plural } from '../../text/citizen-messages.ts'
import { formatDateTime } from '../../text/oslo-time.ts'

const CITIZEN_MESSAGES_PATH = '/innbygger/meldinger'

function ThreadCard({ thread }: { thread: ThreadSummary }) {
  const unread = thread.unreadCount > 0
  return (
    <Card className={unread ? 'app-stack app-stack--tight app-card--unread' : 'app-stack app-stack--tight'}>
      <Heading level={2} data-size="2xs" className={unread ? 'app-unread' : undefined}>
        <Link asChild>
          <RouterLink to={`${CITIZEN_MESSAGES_PATH}/${encodeURIComponent(thread.id)}`}>{thread.subject}</RouterLink>
        </Link>
      </Heading>
      <dl className="app-facts">
        <div>
          <dt>Tjeneste</dt>
          <dd>
            {thread.service.name}
            <span className="app-cell-sub">{thread.service.organisationName}</span>
          </dd>
        </div>
        <div>
          <dt>Siste melding</dt>
          <dd>
            <time dateTime={thread.lastMessageAt}>{formatDateTime(thread.lastMessageAt)}</time>
          </dd>
        </div>
        {thread.answerDueAt && thread.status === 'open' ? (
          <div>
            <dt>Svar ventes</dt>
            <dd>
              Innen <time dateTime={thread.answerDueAt}>{formatDateTime(thread.answerDueAt)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
      <StatusTags tags={citizenThreadTags(thread)} />
    </Card>
  )
}

function Threads({ actingAs }: { actingAs: ActingAs }) {
  const [params, setParams] = useSearchParams()
  const offset = Math.max(0, Number(params.get('fra')) || 0)
  const threads = useThreads(actingAs.personId, offset)
  if (threads.isPending) return <Loading />
  if (threads.isError) return <SectionError message="Vi klarte ikke å hente meldingene akkurat nå." onRetry={() => void threads.refetch()} />
  const { items, total, unread } = threads.data
  if (total === 0) {
    return (
      <Paragraph>
        {actingAs.isSelf ? 'Du har ingen meldinger ennå.' : `${actingAs.name} har ingen meldinger ennå.`} Her kommer meldinger du sender til en kommunal helse-
        og omsorgstjeneste, og svarene fra dem.
      </Paragraph>
    )
  }
  return (
    <div className="app-stack">
      <Paragraph aria-live="polite">
        {plural(total, 'samtale', 'samtaler')}
        {unread > 0 ? `, ${unread} med nye meldinger` : ''}. Nyeste først.
      </Paragraph>
      <ul className="app-thread-list">
        {items.map((thread) => (
          <li key={thread.id}>
            <ThreadCard thread={thread} />
          </li>
        ))}
      </ul>
      <Pager
        total={total}
        offset={offset}
        limit={THREAD_PAGE_SIZE}
        label="Sider med meldinger"
        onChange={(next) => setParams(next > 0 ? { fra: String(next) } : {})}
      />
    </div>
  )
}

function CitizenThreads({ actingAs }: { actingAs: ActingAs }) {
  const title = actingAs.isSelf ? 'Meldinger' : `Meldinger for ${actingAs.name}`
  useDocumentTitle(title)
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to="/innbygger">Tilbake til Min side</RouterLink>
          </Link>
        </Paragraph>
        <Heading level={1} data-size="lg">
          {title}
        </Heading>
        <Paragraph className="app-intro">
          Skriv til hjemmesykepleien, helsestasjonen eller andre kommunale helse- og omsorgstjenester{' '}
          {actingAs.isSelf ? 'du får hjelp fra' : `${actingAs.name} får hjelp fra`}.
          {actingAs.isSelf ? '' : ` Tjenesten ser at det er du som skriver på vegne av ${actingAs.name}.`}
        </Paragraph>
        <div className="app-actions">
          <Button asChild>
            <RouterLink to={`${CITIZEN_MESSAGES_PATH}/ny`}>Ny melding</RouterLink>
          </Button>
        </div>
        <Paragraph data-size="sm" className="app-notice">
          {EMERGENCY_NOTE}
        </Paragraph>
      </div>
      <Threads actingAs={actingAs} />
    </div>
  )
}

export function CitizenThreadsPage() {
  return (
    <RequireCitizenArea area="messages" what="meldinger">
      {(_me, actingAs) => <CitizenThreads actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
