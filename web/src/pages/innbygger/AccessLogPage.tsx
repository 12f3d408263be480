import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react'
import { useSearchParams } from 'react-router'
import { ACCESS_LOG_PAGE_SIZE, type AccessLogFilter as Filter, useAccessLog } from '../../api/innbygger/access-log.ts'
import type { CitizenMe } from '../../api/me.ts'
import { type ActingAs, useActingAs } from '../../components/innbygger/acting-as.tsx'
import { AccessLogFilter } from '../../components/innsyn/AccessLogFilter.tsx'
import { AccessLogTable } from '../../components/innsyn/AccessLogTable.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { PagedList } from '../../components/Pager.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { type Translate, useTexts } from '../../i18n/texts.ts'
import { accessLogPageTexts as texts } from './access-log-page.texts.ts'

type Subject = { personId: string; title: string; intro: string; caption: string; empty: string; note: string | null }

const OWN_LOG = '/innbygger/logg'

/**
 * Whose log to show: ?person=…, or else the person the citizen acts for now. Someone represented without the access
 * log among the areas gets a page that says so (never the citizen's own log in its place). The server decides too.
 */
type Refused = { notAllowedFor: string | null; reduced: boolean }

function subjectOf(t: Translate<typeof texts.catalogues.nb>, me: CitizenMe, actingAs: ActingAs, requested: string | null): Subject | Refused {
  const personId = requested ?? actingAs.personId
  if (personId === me.person.id) {
    return {
      personId,
      title: t('ownTitle'),
      intro: t('ownIntro'),
      caption: t('ownCaption'),
      // The log leaves out what the citizen did personally.
      empty: t('ownEmpty'),
      note: actingAs.isSelf ? null : t('ownNote', { name: actingAs.name }),
    }
  }
  const representation = me.representations.find((r) => r.personId === personId)
  if (!representation?.areas.includes('access-log')) {
    return { notAllowedFor: representation?.name ?? null, reduced: representation?.reduced ?? false }
  }
  return {
    personId: representation.personId,
    title: t('otherTitle', { name: representation.name }),
    intro: t('otherIntro', { name: representation.name }),
    caption: t('otherCaption', { name: representation.name }),
    empty: t('otherEmpty', { name: representation.name }),
    note: null,
  }
}

function NotAllowed({ name, reduced }: { name: string | null; reduced: boolean }) {
  const t = useTexts(texts)
  const title = name ? t('notAllowedTitleFor', { name }) : t('notAllowedTitle')
  useDocumentTitle(title)
  return (
    <div className="app-stack">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <Paragraph>{name === null ? t('notAllowedAny') : reduced ? t('notAllowedReduced', { name }) : t('notAllowedNotCovered', { name })}</Paragraph>
      <Paragraph>
        <AppLink to={`${OWN_LOG}?person=self`}>{t('seeOwn')}</AppLink>
      </Paragraph>
      <Paragraph>
        <AppLink to="/innbygger">{t('backToHome')}</AppLink>
      </Paragraph>
    </div>
  )
}

/** The filter and the page live in the address, so that back and reload keep them. */
function useFilter(): [Filter, (filter: Filter) => void] {
  const [params, setParams] = useSearchParams()
  const filter: Filter = {
    from: params.get('fom') ?? undefined,
    to: params.get('tom') ?? undefined,
    organisationId: params.get('virksomhet') ?? undefined,
    offset: Math.max(0, Number(params.get('fra')) || 0),
  }
  const set = (next: Filter) => {
    const out = new URLSearchParams()
    const person = params.get('person')
    if (person) out.set('person', person)
    if (next.from) out.set('fom', next.from)
    if (next.to) out.set('tom', next.to)
    if (next.organisationId) out.set('virksomhet', next.organisationId)
    if (next.offset) out.set('fra', String(next.offset))
    setParams(out)
  }
  return [filter, set]
}

function AccessLog({ subject }: { subject: Subject }) {
  const t = useTexts(texts)
  useDocumentTitle(subject.title)
  const [filter, setFilter] = useFilter()
  const log = useAccessLog(subject.personId, filter)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: t('backToHome') }} title={subject.title}>
        <Paragraph>{subject.intro}</Paragraph>
      </PageHeader>
      {subject.note ? (
        <Alert data-color="info">
          <Paragraph>{subject.note}</Paragraph>
        </Alert>
      ) : null}
      <AccessLogFilter
        key={`${filter.from}-${filter.to}-${filter.organisationId}`}
        value={filter}
        organisations={log.data?.organisations ?? []}
        onChange={setFilter}
      />
      <QueryContent query={log} error={t('loadFailed')}>
        {(data) => (
          <PagedList
            total={data.total}
            offset={data.offset}
            limit={ACCESS_LOG_PAGE_SIZE}
            pagerLabel={t('pages')}
            onPage={(offset) => setFilter({ ...filter, offset })}
            empty={subject.empty}
          >
            <AccessLogTable items={data.items} caption={subject.caption} />
          </PagedList>
        )}
      </QueryContent>
    </div>
  )
}

function AccessLogForCitizen({ me }: { me: CitizenMe }) {
  const t = useTexts(texts)
  const [params] = useSearchParams()
  const actingAs = useActingAs()
  const requested = params.get('person')
  const subject = subjectOf(t, me, actingAs, requested === 'self' ? me.person.id : requested)
  return 'notAllowedFor' in subject ? <NotAllowed name={subject.notAllowedFor} reduced={subject.reduced} /> : <AccessLog subject={subject} />
}

export function AccessLogPage() {
  return <RequireSignIn kind="citizen">{(me) => <AccessLogForCitizen me={me} />}</RequireSignIn>
}
