import { Button, Card, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { THREAD_PAGE_SIZE, type ThreadSummary, useThreads } from '../../api/innbygger/citizen-messages.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import type { ActingAs } from '../../components/innbygger/acting-as.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { offsetParam, PagedList } from '../../components/Pager.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { ThreadLink } from '../../components/thread/ThreadLink.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { citizenThreadTags, deadlinePassed, EMERGENCY_NOTE } from '../../text/citizen-messages.ts'
import { plural } from '../../text/format.ts'

const CITIZEN_MESSAGES_PATH = '/innbygger/meldinger'

function ThreadCard({ thread }: { thread: ThreadSummary }) {
  const unread = thread.unreadCount > 0
  return (
    <Card className={unread ? 'app-stack app-stack--tight app-card--unread' : 'app-stack app-stack--tight'}>
      <Heading level={2} data-size="2xs" className={unread ? 'app-unread' : undefined}>
        <ThreadLink base={CITIZEN_MESSAGES_PATH} thread={thread} />
      </Heading>
      <Facts>
        <Fact term="Tjeneste">
          {thread.service.name}
          <span className="app-cell-sub">{thread.service.organisationName}</span>
        </Fact>
        <Fact term="Siste melding">
          <DateTime value={thread.lastMessageAt} />
        </Fact>
        {thread.answerDueAt && thread.status === 'open' ? (
          <Fact term="Svar ventes">
            Innen <DateTime value={thread.answerDueAt} />
          </Fact>
        ) : null}
      </Facts>
      <StatusTags tags={citizenThreadTags(thread)} />
      {thread.answerDueAt && thread.status === 'open' && deadlinePassed(thread.answerDueAt) ? (
        <div>
          <Tag data-color="warning" data-size="sm">
            Fristen for svar har gått ut
          </Tag>
        </div>
      ) : null}
    </Card>
  )
}

/** Searches the subject, the messages and the service's name, on the server; the search is in the address (?sok=). */
function ThreadSearch({ search, onSearch }: { search: string; onSearch: (search: string) => void }) {
  const [text, setText] = useState(search)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSearch(text.trim())
  }
  return (
    <search>
      <form className="app-search" onSubmit={submit}>
        <Textfield
          label="Søk i meldingene"
          description="Ord i emnet, i meldingene eller navnet på tjenesten"
          type="search"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="app-actions">
          <Button type="submit" variant="secondary">
            Søk
          </Button>
          {search ? (
            <Button
              type="button"
              variant="tertiary"
              onClick={() => {
                setText('')
                onSearch('')
              }}
            >
              Vis alle
            </Button>
          ) : null}
        </div>
      </form>
    </search>
  )
}

function CitizenThreads({ actingAs }: { actingAs: ActingAs }) {
  const title = actingAs.isSelf ? 'Meldinger' : `Meldinger for ${actingAs.name}`
  useDocumentTitle(title)
  const [params, setParams] = useSearchParams()
  const offset = offsetParam(params)
  const search = params.get('sok')?.trim() ?? ''
  const threads = useThreads(actingAs.personId, offset, search)
  const whose = actingAs.isSelf ? 'Du har' : `${actingAs.name} har`
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: 'Tilbake til Min side' }} title={title}>
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
      </PageHeader>
      <ThreadSearch key={search} search={search} onSearch={(next) => setParams(next ? { sok: next } : {})} />
      <QueryContent query={threads} error="Vi klarte ikke å hente meldingene akkurat nå.">
        {({ items, total, unread }) => (
          <PagedList
            total={total}
            offset={offset}
            limit={THREAD_PAGE_SIZE}
            pagerLabel="Sider med meldinger"
            onPage={(next) => setParams({ ...(search ? { sok: search } : {}), ...(next > 0 ? { fra: String(next) } : {}) })}
            empty={
              search ? (
                <span aria-live="polite">Ingen samtaler passer med «{search}». Prøv et annet ord, eller tøm søket for å se alle.</span>
              ) : (
                <>{whose} ingen meldinger ennå. Her kommer meldinger du sender til en kommunal helse- og omsorgstjeneste, og svarene fra dem.</>
              )
            }
            notice={
              <Paragraph aria-live="polite">
                {plural(total, 'samtale', 'samtaler')}
                {search ? ` passer med «${search}»` : ''}
                {unread > 0 ? `, ${unread} med nye meldinger` : ''}. Nyeste først.
              </Paragraph>
            }
          >
            <ul className="app-thread-list">
              {items.map((thread) => (
                <li key={thread.id}>
                  <ThreadCard thread={thread} />
                </li>
              ))}
            </ul>
          </PagedList>
        )}
      </QueryContent>
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
