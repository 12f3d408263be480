import { Button, Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { Link as RouterLink } from 'react-router'
import { useWaiting, type WaitingItem, type WaitingSummary as WaitingSummaryData, waitingFor } from '../../api/innbygger/waiting.ts'
import type { CitizenMe, Representation } from '../../api/me.ts'
import { ArticleCard } from '../../components/ArticleCard.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { type ActingAs, actingAsCovers, useActingAs } from '../../components/innbygger/acting-as.tsx'
import { LinkCard } from '../../components/LinkCard.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { translate, useTexts } from '../../i18n/texts.ts'
import { waitingText } from '../../text/citizen-messages.ts'
import { areaLabel, basisLabel, reducedRightsNote } from '../../text/labels.ts'
import { formatDate } from '../../text/oslo-time.ts'
import { citizenHomeTexts as texts } from './citizen-home.texts.ts'

// Parents' rights end by law (at 12 full rights become limited, at 16 they end), so the server
// gives them no end date of their own.
function validity(representation: Representation): string {
  if (representation.validTo) return translate(texts, 'until', { date: formatDate(representation.validTo) })
  if (representation.basis === 'parent') {
    return representation.reduced ? translate(texts, 'untilSixteen') : translate(texts, 'fullUntilTwelve')
  }
  return translate(texts, 'noEndDate')
}

const SERVICES_HEADING = 'services-heading'

/**
 * Switches whom the citizen acts for (the bar at the top says it too). The button is gone after the switch, so focus
 * moves to what changed: the services heading. Not done for the bar's select, where moving focus would interrupt.
 */
function switchTo(actingAs: ActingAs, personId: string): void {
  actingAs.choose(personId)
  requestAnimationFrame(() => document.getElementById(SERVICES_HEADING)?.focus())
}

/** A card's way to act for that person. */
function ActForButton({ representation }: { representation: Representation }) {
  const actingAs = useActingAs()
  const t = useTexts(texts)
  if (actingAs.personId === representation.personId) {
    return <Paragraph data-size="sm">{t('actingNow', { name: representation.name })}</Paragraph>
  }
  return (
    <div>
      <Button variant="secondary" data-size="sm" onClick={() => switchTo(actingAs, representation.personId)}>
        {t('actFor', { name: representation.name })}
      </Button>
    </div>
  )
}

/** What is new for the person, with the way to it; nothing for an area the citizen may not read for them. */
function RepresentationWaiting({ representation }: { representation: Representation }) {
  const waiting = useWaiting()
  const t = useTexts(texts)
  const items = waitingFor(waiting.data, representation.personId)
  if (!items?.some((item) => item.area === 'messages')) return null
  const found = news(items)
  return (
    <Paragraph data-size="sm">
      {found.length === 0 ? t('noNewAnswers') : `${found.map((f) => f.text).join(', ')}.`}{' '}
      {found.length > 0 ? <ReadForLink personId={representation.personId} name={representation.name} isSelf={false} /> : null}
    </Paragraph>
  )
}

function RepresentationCard({ representation }: { representation: Representation }) {
  const t = useTexts(texts)
  const headingId = `representation-${representation.personId}`
  return (
    <ArticleCard headingId={headingId} title={representation.name}>
      <Facts>
        <Fact term={t('bornTerm')}>{formatDate(representation.birthDate)}</Fact>
        <Fact term={t('basis')}>{basisLabel(representation.basis)}</Fact>
        <Fact term={t('valid')}>{validity(representation)}</Fact>
        <Fact term={t('services')}>
          {representation.areas.length === 0 ? (
            t('none')
          ) : (
            <StatusTags tags={representation.areas.map((area) => ({ label: areaLabel(area), color: 'neutral' }))} />
          )}
        </Fact>
      </Facts>
      {representation.reduced ? (
        <Paragraph data-size="sm" className="app-note">
          {reducedRightsNote()}
        </Paragraph>
      ) : null}
      <RepresentationWaiting representation={representation} />
      <ActForButton representation={representation} />
      {representation.areas.includes('access-log') ? (
        <Paragraph data-size="sm">
          <AppLink to={`/innbygger/logg?person=${encodeURIComponent(representation.personId)}`}>{t('whoHasSeenFor', { name: representation.name })}</AppLink>
        </Paragraph>
      ) : null}
    </ArticleCard>
  )
}

type HubItem = { key: string; to: string; title: string; description: string; extra?: ReactNode }

/** The news among a person's waiting items, each with what it says. */
function news(items: readonly WaitingItem[] | null): { item: WaitingItem; text: string }[] {
  return (items ?? []).flatMap((item) => {
    const text = waitingText(item)
    return text ? [{ item, text }] : []
  })
}

const MESSAGES_PATH = '/innbygger/meldinger'

function WaitingTags({ items }: { items: readonly WaitingItem[] | null }) {
  const found = news(items)
  if (found.length === 0) return null
  return (
    <div>
      {found.map(({ item, text }) => (
        <Tag key={item.kind} data-color="info" data-size="sm">
          {text}
        </Tag>
      ))}
    </div>
  )
}

/** A link that acts for the person, then opens their messages: the switch and the page in one step. */
function ReadForLink({ personId, name, isSelf }: { personId: string; name: string; isSelf: boolean }) {
  const actingAs = useActingAs()
  const t = useTexts(texts)
  return (
    <Link asChild>
      <RouterLink to={MESSAGES_PATH} onClick={() => actingAs.choose(personId)}>
        {isSelf ? t('readYours') : t('readFor', { name })}
      </RouterLink>
    </Link>
  )
}

/**
 * Min side's first question: is anything new, for me or those I act for? Only people with news are named; a person
 * whose messages the citizen may not read is never counted (the server leaves them out).
 */
function WaitingSummary({ me }: { me: CitizenMe }) {
  const waiting = useWaiting()
  const t = useTexts(texts)
  if (!waiting.data) return null
  const people = [{ personId: me.person.id, name: me.person.name, isSelf: true }, ...me.representations.map((r) => ({ ...r, isSelf: false }))].flatMap(
    (person) => {
      const found = news(waitingFor(waiting.data, person.personId))
      return found.length > 0 ? [{ ...person, found }] : []
    },
  )
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="waiting-heading">
      <Heading level={2} data-size="sm" id="waiting-heading">
        {t('newSinceLast')}
      </Heading>
      {people.length === 0 ? (
        <Paragraph>{me.representations.length > 0 ? t('nothingNewOrThem') : t('nothingNew')}</Paragraph>
      ) : (
        <ul className="app-waiting-list">
          {people.map((person) => (
            <li key={person.personId}>
              <Paragraph>
                <strong>{person.isSelf ? t('yourself') : person.name}:</strong> {person.found.map((f) => f.text).join(', ')}.{' '}
                <ReadForLink personId={person.personId} name={person.name} isSelf={person.isSelf} />
              </Paragraph>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/**
 * What the citizen can do for the person they act for. Areas the fullmakt or the parent's rights do not cover are
 * left out; fullmakter are the person's own business (a fullmakt is not transitive), so only for oneself.
 */
function hubItems(actingAs: ActingAs, waiting: WaitingSummaryData | undefined): HubItem[] {
  const items: HubItem[] = []
  const self = actingAs.isSelf
  const covers = (area: string) => actingAsCovers(actingAs, area)
  if (covers('messages')) {
    items.push({
      key: 'messages',
      to: '/innbygger/meldinger',
      title: translate(texts, 'messages'),
      description: self ? translate(texts, 'messagesSelf') : translate(texts, 'messagesOther', { name: actingAs.name }),
      extra: <WaitingTags items={waitingFor(waiting, actingAs.personId)} />,
    })
  }
  if (covers('health-contacts')) {
    items.push({
      key: 'health-contacts',
      to: '/innbygger/helsekontakter',
      title: translate(texts, 'healthContacts'),
      description: self ? translate(texts, 'healthContactsSelf') : translate(texts, 'healthContactsOther', { name: actingAs.name }),
    })
  }
  if (self) {
    items.push({
      key: 'fullmakter',
      to: '/innbygger/fullmakter',
      title: translate(texts, 'fullmakter'),
      description: translate(texts, 'fullmakterText'),
    })
  }
  // Notification settings are information registered about the person: Helsenorge's area 1, 'access-log' here.
  if (covers('access-log')) {
    items.push({
      key: 'notifications',
      to: '/innbygger/varsler',
      title: translate(texts, 'notifications'),
      description: self ? translate(texts, 'notificationsSelf') : translate(texts, 'notificationsOther', { name: actingAs.name }),
    })
  }
  if (covers('access-log')) {
    items.push({
      key: 'access-log',
      to: self ? '/innbygger/logg' : `/innbygger/logg?person=${encodeURIComponent(actingAs.personId)}`,
      title: self ? translate(texts, 'whoHasSeen') : translate(texts, 'whoHasSeenFor', { name: actingAs.name }),
      description: translate(texts, 'accessLogText'),
    })
  }
  return items
}

function Services({ me }: { me: CitizenMe }) {
  const actingAs = useActingAs()
  const waiting = useWaiting()
  const t = useTexts(texts)
  const items = hubItems(actingAs, waiting.data)
  return (
    <section className="app-stack" aria-labelledby={SERVICES_HEADING}>
      <Heading level={2} data-size="sm" id={SERVICES_HEADING} tabIndex={-1} className="app-focus-target">
        {actingAs.isSelf ? t('yourServices') : t('servicesFor', { name: actingAs.name })}
      </Heading>
      {actingAs.isSelf ? null : (
        <div className="app-actions">
          <Paragraph>{t('actingFor', { name: actingAs.name })}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => switchTo(actingAs, me.person.id)}>
            {t('useForSelf')}
          </Button>
        </div>
      )}
      {items.length === 0 ? (
        <Paragraph>{t('noServicesFor', { name: actingAs.name })}</Paragraph>
      ) : (
        <ul className="app-cards">
          {items.map((item) => (
            <li key={item.key}>
              <LinkCard to={item.to} title={item.title} description={item.description}>
                {item.extra}
              </LinkCard>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function CitizenHome({ me }: { me: CitizenMe }) {
  const t = useTexts(texts)
  useDocumentTitle(t('title'))
  const { person, representations } = me
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader eyebrow={t('title')} title={person.name}>
        <Paragraph>{t('born', { date: formatDate(person.birthDate) })}</Paragraph>
      </PageHeader>

      <WaitingSummary me={me} />

      <Services me={me} />

      <section className="app-stack" aria-labelledby="representations-heading">
        <Heading level={2} data-size="sm" id="representations-heading">
          {t('canActFor')}
        </Heading>
        {representations.length === 0 ? (
          <Paragraph>{t('noRepresentations')}</Paragraph>
        ) : (
          <ul className="app-cards">
            {representations.map((representation) => (
              <li key={representation.personId}>
                <RepresentationCard representation={representation} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

export function CitizenHomePage() {
  return <RequireSignIn kind="citizen">{(me) => <CitizenHome me={me} />}</RequireSignIn>
}
