import { Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { useUnreadThreads } from '../../api/innbygger/citizen-messages.ts'
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

function UnreadTag({ personId }: { personId: string }) {
  const unread = useUnreadThreads(personId)
  if (!unread.data) return null
  return (
    <div>
      <Tag data-color="info" data-size="sm">
        {unread.data === 1 ? 'Ny melding i 1 samtale' : `Nye meldinger i ${unread.data} samtaler`}
      </Tag>
    </div>
  )
}

/**
 * What the citizen can do for the person they act for. Areas the fullmakt or the parent's rights do not cover are
 * left out; fullmakter are the person's own business (a fullmakt is not transitive), so only for oneself.
 */
function hubItems(actingAs: ActingAs): HubItem[] {
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
      extra: <UnreadTag personId={actingAs.personId} />,
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
  const items = hubItems(actingAs)
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
