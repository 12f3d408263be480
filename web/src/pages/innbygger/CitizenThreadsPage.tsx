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
import { useTexts } from '../../i18n/texts.ts'
import { citizenThreadTags, deadlinePassed, emergencyNote } from '../../text/citizen-messages.ts'
import { citizenThreadsTexts as texts } from './citizen-threads.texts.ts'

const CITIZEN_MESSAGES_PATH = '/innbygger/meldinger'

function ThreadCard({ thread }: { thread: ThreadSummary }) {
  const t = useTexts(texts)
  const unread = thread.unreadCount > 0
  return (
    <Card className={unread ? 'app-stack app-stack--tight app-card--unread' : 'app-stack app-stack--tight'}>
      <Heading level={2} data-size="2xs" className={unread ? 'app-unread' : undefined}>
        <ThreadLink base={CITIZEN_MESSAGES_PATH} thread={thread} />
      </Heading>
      <Facts>
        <Fact term={t('service')}>
          {thread.service.name}
          <span className="app-cell-sub">{thread.service.organisationName}</span>
        </Fact>
        <Fact term={t('lastMessage')}>
          <DateTime value={thread.lastMessageAt} />
        </Fact>
        {thread.answerDueAt && thread.status === 'open' ? (
          <Fact term={t('answerExpected')}>
            {t('within')}
            <DateTime value={thread.answerDueAt} />
          </Fact>
        ) : null}
      </Facts>
      <StatusTags tags={citizenThreadTags(thread)} />
      {thread.answerDueAt && thread.status === 'open' && deadlinePassed(thread.answerDueAt) ? (
        <div>
          <Tag data-color="warning" data-size="sm">
            {t('deadlinePassed')}
          </Tag>
        </div>
      ) : null}
    </Card>
  )
}

/** Searches the subject, the messages and the service's name, on the server; the search is in the address (?sok=). */
function ThreadSearch({ search, onSearch }: { search: string; onSearch: (search: string) => void }) {
  const t = useTexts(texts)
  const [text, setText] = useState(search)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSearch(text.trim())
  }
  return (
    <search>
      <form className="app-search" onSubmit={submit}>
        <Textfield
          label={t('searchLabel')}
          description={t('searchDescription')}
          type="search"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="app-actions">
          <Button type="submit" variant="secondary">
            {t('search')}
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
              {t('showAll')}
            </Button>
          ) : null}
        </div>
      </form>
    </search>
  )
}

function CitizenThreads({ actingAs }: { actingAs: ActingAs }) {
  const t = useTexts(texts)
  const title = actingAs.isSelf ? t('title') : t('titleFor', { name: actingAs.name })
  useDocumentTitle(title)
  const [params, setParams] = useSearchParams()
  const offset = offsetParam(params)
  const search = params.get('sok')?.trim() ?? ''
  const threads = useThreads(actingAs.personId, offset, search)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: t('backToHome') }} title={title}>
        <Paragraph className="app-intro">{actingAs.isSelf ? t('introSelf') : t('introOther', { name: actingAs.name })}</Paragraph>
        <div className="app-actions">
          <Button asChild>
            <RouterLink to={`${CITIZEN_MESSAGES_PATH}/ny`}>{t('newMessage')}</RouterLink>
          </Button>
        </div>
        <Paragraph data-size="sm" className="app-notice">
          {emergencyNote()}
        </Paragraph>
      </PageHeader>
      <ThreadSearch key={search} search={search} onSearch={(next) => setParams(next ? { sok: next } : {})} />
      <QueryContent query={threads} error={t('loadFailed')}>
        {({ items, total, unread }) => (
          <PagedList
            total={total}
            offset={offset}
            limit={THREAD_PAGE_SIZE}
            pagerLabel={t('pages')}
            onPage={(next) => setParams({ ...(search ? { sok: search } : {}), ...(next > 0 ? { fra: String(next) } : {}) })}
            empty={
              search ? <span aria-live="polite">{t('noMatch', { search })}</span> : actingAs.isSelf ? t('emptySelf') : t('emptyOther', { name: actingAs.name })
            }
            notice={
              <Paragraph aria-live="polite">
                {t('threads', { count: total })}
                {search ? t('matching', { search }) : ''}
                {unread > 0 ? t('withUnread', { unread }) : ''}
                {t('newestFirst')}
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
  const t = useTexts(texts)
  return (
    <RequireCitizenArea area="messages" what={t('what')}>
      {(_me, actingAs) => <CitizenThreads actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
