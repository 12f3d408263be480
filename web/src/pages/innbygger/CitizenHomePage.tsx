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
import { waitingText } from '../../text/citizen-messages.ts'
import { areaLabel, basisLabel, reducedRightsNote } from '../../text/labels.ts'
import { formatDate } from '../../text/oslo-time.ts'

// Parents' rights end by law (at 12 full rights become limited, at 16 they end), so the server
// gives them no end date of their own.
function validity(representation: Representation): string {
  if (representation.validTo) return `Til ${formatDate(representation.validTo)}`
  if (representation.basis === 'parent') {
    return representation.reduced ? 'Til barnet fyller 16 år' : 'Full tilgang til barnet fyller 12 år'
  }
  return 'Uten sluttdato'
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
  if (actingAs.personId === representation.personId) {
    return <Paragraph data-size="sm">Du handler på vegne av {representation.name} nå.</Paragraph>
  }
  return (
    <div>
      <Button variant="secondary" data-size="sm" onClick={() => switchTo(actingAs, representation.personId)}>
        Handle på vegne av {representation.name}
      </Button>
    </div>
  )
}

/** What is new for the person, with the way to it; nothing for an area the citizen may not read for them. */
function RepresentationWaiting({ representation }: { representation: Representation }) {
  const waiting = useWaiting()
  const items = waitingFor(waiting.data, representation.personId)
  if (!items?.some((item) => item.area === 'messages')) return null
  const found = news(items)
  return (
    <Paragraph data-size="sm">
      {found.length === 0 ? 'Ingen nye svar.' : `${found.map((f) => f.text).join(', ')}.`}{' '}
      {found.length > 0 ? <ReadForLink personId={representation.personId} name={representation.name} isSelf={false} /> : null}
    </Paragraph>
  )
}

function RepresentationCard({ representation }: { representation: Representation }) {
  const headingId = `representation-${representation.personId}`
  return (
    <ArticleCard headingId={headingId} title={representation.name}>
      <Facts>
        <Fact term="Født">{formatDate(representation.birthDate)}</Fact>
        <Fact term="Grunnlag">{basisLabel(representation.basis)}</Fact>
        <Fact term="Gyldig">{validity(representation)}</Fact>
        <Fact term="Tjenester">
          {representation.areas.length === 0 ? (
            'Ingen'
          ) : (
            <StatusTags tags={representation.areas.map((area) => ({ label: areaLabel(area), color: 'neutral' }))} />
          )}
        </Fact>
      </Facts>
      {representation.reduced ? (
        <Paragraph data-size="sm" className="app-note">
          {reducedRightsNote}
        </Paragraph>
      ) : null}
      <RepresentationWaiting representation={representation} />
      <ActForButton representation={representation} />
      {representation.areas.includes('access-log') ? (
        <Paragraph data-size="sm">
          <AppLink to={`/innbygger/logg?person=${encodeURIComponent(representation.personId)}`}>Hvem har sett opplysningene til {representation.name}</AppLink>
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
  return (
    <Link asChild>
      <RouterLink to={MESSAGES_PATH} onClick={() => actingAs.choose(personId)}>
        {isSelf ? 'Les meldingene dine' : `Les meldingene til ${name}`}
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
        Nytt siden sist
      </Heading>
      {people.length === 0 ? (
        <Paragraph>Ingen nye svar venter på deg{me.representations.length > 0 ? ' eller dem du handler for' : ''}.</Paragraph>
      ) : (
        <ul className="app-waiting-list">
          {people.map((person) => (
            <li key={person.personId}>
              <Paragraph>
                <strong>{person.isSelf ? 'Deg selv' : person.name}:</strong> {person.found.map((f) => f.text).join(', ')}.{' '}
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
      title: 'Meldinger',
      description: self
        ? 'Skriv til hjemmesykepleien, helsestasjonen og andre kommunale tjenester du får hjelp fra, og les svarene.'
        : `Skriv til kommunale tjenester ${actingAs.name} får hjelp fra, og les svarene.`,
      extra: <WaitingTags items={waitingFor(waiting, actingAs.personId)} />,
    })
  }
  if (covers('health-contacts')) {
    items.push({
      key: 'health-contacts',
      to: '/innbygger/helsekontakter',
      title: 'Helsekontakter',
      description: self
        ? 'Fastlegen din, primærkontakten din og tjenestene du får hjelp fra, med telefon og åpningstider.'
        : `Fastlegen, primærkontakten og tjenestene til ${actingAs.name}, med telefon og åpningstider.`,
    })
  }
  if (self) {
    items.push({
      key: 'fullmakter',
      to: '/innbygger/fullmakter',
      title: 'Fullmakter',
      description: 'Gi andre fullmakt til å handle for deg, og se fullmaktene andre har gitt deg.',
    })
  }
  // Notification settings are information registered about the person: Helsenorge's area 1, 'access-log' here.
  if (covers('access-log')) {
    items.push({
      key: 'notifications',
      to: '/innbygger/varsler',
      title: 'Varslinger',
      description: self
        ? 'Velg hvilke varsler du får på SMS eller e-post, og se hvor de sendes.'
        : `Velg hvilke varsler ${actingAs.name} får på SMS eller e-post, og se hvor de sendes.`,
    })
  }
  if (covers('access-log')) {
    items.push({
      key: 'access-log',
      to: self ? '/innbygger/logg' : `/innbygger/logg?person=${encodeURIComponent(actingAs.personId)}`,
      title: self ? 'Hvem har sett opplysningene dine' : `Hvem har sett opplysningene til ${actingAs.name}`,
      description: 'Se hvem i helsetjenesten som har sett eller brukt opplysningene, og når.',
    })
  }
  return items
}

function Services({ me }: { me: CitizenMe }) {
  const actingAs = useActingAs()
  const waiting = useWaiting()
  const items = hubItems(actingAs, waiting.data)
  return (
    <section className="app-stack" aria-labelledby={SERVICES_HEADING}>
      <Heading level={2} data-size="sm" id={SERVICES_HEADING} tabIndex={-1} className="app-focus-target">
        {actingAs.isSelf ? 'Dine tjenester' : `Tjenester for ${actingAs.name}`}
      </Heading>
      {actingAs.isSelf ? null : (
        <div className="app-actions">
          <Paragraph>
            Du handler på vegne av {actingAs.name}. Her er det du kan gjøre for {actingAs.name}.
          </Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => switchTo(actingAs, me.person.id)}>
            Bruk tjenestene for deg selv
          </Button>
        </div>
      )}
      {items.length === 0 ? (
        <Paragraph>Du kan ikke bruke noen av tjenestene her for {actingAs.name}.</Paragraph>
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
  useDocumentTitle('Min side')
  const { person, representations } = me
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader eyebrow="Min side" title={person.name}>
        <Paragraph>Født {formatDate(person.birthDate)}</Paragraph>
      </PageHeader>

      <WaitingSummary me={me} />

      <Services me={me} />

      <section className="app-stack" aria-labelledby="representations-heading">
        <Heading level={2} data-size="sm" id="representations-heading">
          Du kan handle på vegne av
        </Heading>
        {representations.length === 0 ? (
          <Paragraph>Du kan ikke handle på vegne av noen andre. Her vises barn du har foreldreansvar for, og personer som har gitt deg fullmakt.</Paragraph>
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
