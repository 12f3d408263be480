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

type Subject = { personId: string; title: string; intro: string; caption: string; empty: string; note: string | null }

const OWN_LOG = '/innbygger/logg'

/**
 * Whose log to show: ?person=…, or else the person the citizen acts for now. Someone represented without the access
 * log among the areas gets a page that says so (never the citizen's own log in its place). The server decides too.
 */
type Refused = { notAllowedFor: string | null; reduced: boolean }

function subjectOf(me: CitizenMe, actingAs: ActingAs, requested: string | null): Subject | Refused {
  const personId = requested ?? actingAs.personId
  if (personId === me.person.id) {
    return {
      personId,
      title: 'Hvem har sett opplysningene dine',
      intro:
        'Her ser du hvem som har sett eller brukt opplysningene dine i Samband, og hvem som har prøvd uten å få lov: én linje per dag, virksomhet og person, med hvor mange ganger. Ser du noe du mener er feil, kan du kontakte virksomheten.',
      caption: 'Oppslag i opplysningene dine, nyeste først',
      // The log leaves out what the citizen did personally.
      empty: 'Ingen andre har sett opplysningene dine i denne perioden.',
      note: actingAs.isSelf ? null : `Du handler på vegne av ${actingAs.name}, men dette er din egen innsynslogg.`,
    }
  }
  const representation = me.representations.find((r) => r.personId === personId)
  if (!representation?.areas.includes('access-log')) {
    return { notAllowedFor: representation?.name ?? null, reduced: representation?.reduced ?? false }
  }
  return {
    personId: representation.personId,
    title: `Hvem har sett opplysningene til ${representation.name}`,
    intro: `Du ser denne loggen fordi du kan handle på vegne av ${representation.name}. Her ser du hvem som har sett eller brukt opplysningene i Samband, og hvem som har prøvd uten å få lov.`,
    caption: `Oppslag i opplysningene til ${representation.name}, nyeste først`,
    empty: `Ingen har sett opplysningene til ${representation.name} i denne perioden.`,
    note: null,
  }
}

function NotAllowed({ name, reduced }: { name: string | null; reduced: boolean }) {
  const title = name ? `Du kan ikke se innsynsloggen til ${name}` : 'Du kan ikke se denne loggen'
  useDocumentTitle(title)
  return (
    <div className="app-stack">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <Paragraph>
        {name === null
          ? 'Du kan bare se innsynsloggen din, og loggen til personer du kan se innsynsloggen for.'
          : reduced
            ? `Du handler på vegne av ${name}, men som forelder til et barn mellom 12 og 16 år kan du ikke se hvem som har sett opplysningene til barnet.`
            : `Du handler på vegne av ${name}, men fullmakten din omfatter ikke innsynsloggen. Vi viser derfor ingen logg her.`}
      </Paragraph>
      <Paragraph>
        <AppLink to={`${OWN_LOG}?person=self`}>Se din egen innsynslogg</AppLink>
      </Paragraph>
      <Paragraph>
        <AppLink to="/innbygger">Tilbake til Min side</AppLink>
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
  useDocumentTitle(subject.title)
  const [filter, setFilter] = useFilter()
  const log = useAccessLog(subject.personId, filter)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: 'Tilbake til Min side' }} title={subject.title}>
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
      <QueryContent query={log} error="Vi klarte ikke å hente innsynsloggen akkurat nå.">
        {(data) => (
          <PagedList
            total={data.total}
            offset={data.offset}
            limit={ACCESS_LOG_PAGE_SIZE}
            pagerLabel="Sider i innsynsloggen"
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
  const [params] = useSearchParams()
  const actingAs = useActingAs()
  const requested = params.get('person')
  const subject = subjectOf(me, actingAs, requested === 'self' ? me.person.id : requested)
  return 'notAllowedFor' in subject ? <NotAllowed name={subject.notAllowedFor} reduced={subject.reduced} /> : <AccessLog subject={subject} />
}

export function AccessLogPage() {
  return <RequireSignIn kind="citizen">{(me) => <AccessLogForCitizen me={me} />}</RequireSignIn>
}
