import { Alert, Button, Card, Fieldset, Heading, Link, Paragraph, Radio, Tag } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { ApiError, problemDetail } from '../../api/http.ts'
import {
  type ContactStatus,
  NOTIFICATION_LEVELS,
  type NotificationLevel,
  type NotificationSettings,
  useNotificationSettings,
  useSaveNotificationLevel,
} from '../../api/innbygger/notification-settings.ts'
import type { CitizenMe } from '../../api/me.ts'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import type { ActingAs } from '../../components/innbygger/acting-as.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { formatPhoneNumber } from '../../text/phone.ts'

/** Where a citizen changes their contact details: the national register's own service, not Samband. */
const REGISTER_URL = 'https://www.norge.no/nb/digital-borger/oppdater-kontaktinformasjon'

// What each level sends, in the order of notification-rules.ts on the server: each level adds to the one before.
const LEVELS: Record<NotificationLevel, { label: string; description: string }> = {
  begrenset: {
    label: 'Begrenset',
    description: 'Bare varslene som alltid sendes (se over).',
  },
  normal: {
    label: 'Normal',
    description: 'I tillegg varsel om nye brev, og når en fullmakt blir gitt, endret eller avsluttet. De fleste velger dette.',
  },
  full: {
    label: 'Full',
    description: 'I tillegg varsel hver gang hjemmetjenesten har vært på besøk.',
  },
}

const CONTACT_STATUS: Record<ContactStatus, { label: string; color: 'success' | 'warning' | 'danger'; explanation: (who: Who) => string }> = {
  active: {
    label: 'Aktiv',
    color: 'success',
    explanation: () => 'Varslene sendes på SMS til mobilnummeret. Uten mobilnummer sendes de på e-post.',
  },
  passive: {
    label: 'Ikke bekreftet på 18 måneder',
    color: 'warning',
    explanation: (who) =>
      `Kontaktinformasjonen er ikke bekreftet på 18 måneder. Vi sender ingen varsler til ${who.object} før ${who.subject} har bekreftet den i kontaktregisteret.`,
  },
  reserved: {
    label: 'Reservert',
    color: 'warning',
    explanation: (who) =>
      `${who.Subject} har reservert ${who.reflexive} mot digital kommunikasjon med det offentlige. Derfor sender vi ingen varsler til ${who.object}.`,
  },
  missing: {
    label: 'Mangler',
    color: 'danger',
    explanation: (who) => `Kontaktregisteret har ikke mobilnummer eller e-postadresse for ${who.object}. Derfor kan vi ikke sende varsler til ${who.object}.`,
  },
}

/** "du/deg" for oneself, the name for someone else, so every sentence reads right either way. */
type Who = { subject: string; Subject: string; object: string; reflexive: string }

function whoFor(actingAs: ActingAs): Who {
  if (actingAs.isSelf) return { subject: 'du', Subject: 'Du', object: 'deg', reflexive: 'deg' }
  return { subject: actingAs.name, Subject: actingAs.name, object: actingAs.name, reflexive: 'seg' }
}

function AlwaysSent({ who }: { who: Who }) {
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="always-heading">
      <Heading level={2} data-size="sm" id="always-heading">
        Dette varsler vi alltid om
      </Heading>
      <Paragraph>Uansett hva som er valgt nedenfor, får {who.subject} varsel når</Paragraph>
      <ul className="app-bullets">
        <li>{who.subject} får en ny timeavtale, eller en time blir endret eller avlyst (og påminnelse før timen)</li>
        <li>helsepersonell har sendt {who.object} en melding</li>
        <li>en tjeneste {who.subject} bruker, slutter å ta imot meldinger i Samband</li>
      </ul>
    </section>
  )
}

function LevelForm({ me, actingAs, settings }: { me: CitizenMe; actingAs: ActingAs; settings: NotificationSettings }) {
  const save = useSaveNotificationLevel(actingAs.personId)
  const [level, setLevel] = useState<NotificationLevel>(settings.level)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({ level, csrfToken: me.csrfToken })
  }
  const saved = save.isSuccess && save.variables.level === level
  return (
    <form className="app-stack app-form" onSubmit={submit}>
      <Fieldset>
        <Fieldset.Legend>Hvor mange varsler vil {actingAs.isSelf ? 'du' : `${actingAs.name}`} ha?</Fieldset.Legend>
        {NOTIFICATION_LEVELS.map((value) => (
          <Radio
            key={value}
            name="level"
            value={value}
            label={LEVELS[value].label}
            description={LEVELS[value].description}
            checked={level === value}
            onChange={() => {
              setLevel(value)
              save.reset()
            }}
          />
        ))}
      </Fieldset>
      <div aria-live="polite">
        {saved ? (
          <Alert data-color="success">
            <Paragraph>Valget er lagret: {LEVELS[level].label.toLowerCase()}.</Paragraph>
          </Alert>
        ) : null}
      </div>
      <ErrorAlert message={save.isError ? problemDetail(save.error, 'Vi klarte ikke å lagre valget. Prøv igjen om litt.') : null} />
      <div>
        <Button type="submit" loading={save.isPending}>
          Lagre valget
        </Button>
      </div>
    </form>
  )
}

function ContactDetails({ actingAs, settings }: { actingAs: ActingAs; settings: NotificationSettings }) {
  const who = whoFor(actingAs)
  const status = CONTACT_STATUS[settings.contact.status]
  return (
    <section className="app-stack" aria-labelledby="contact-heading">
      <Heading level={2} data-size="sm" id="contact-heading">
        Hvor varslene sendes
      </Heading>
      <Card data-color="neutral" className="app-stack app-stack--tight">
        <Facts>
          <Fact term="Mobilnummer">{settings.contact.mobile ? formatPhoneNumber(settings.contact.mobile) : 'Ikke registrert'}</Fact>
          <Fact term="E-post" className="app-break-anywhere">
            {settings.contact.email ?? 'Ikke registrert'}
          </Fact>
          <Fact term="Status i registeret">
            <Tag data-color={status.color} data-size="sm">
              {status.label}
            </Tag>
          </Fact>
        </Facts>
        <Paragraph data-size="sm">{status.explanation(who)}</Paragraph>
      </Card>
      <Paragraph>
        Kontaktinformasjonen hentes fra Kontakt- og reservasjonsregisteret (KRR) hver gang vi sender et varsel, og lagres ikke i Samband. Den kan ikke endres
        her. {actingAs.isSelf ? 'Du' : actingAs.name} endrer den i kontaktregisteret, og endringen gjelder for hele det offentlige.
      </Paragraph>
      <Paragraph>
        <Link href={REGISTER_URL}>Oppdater kontaktinformasjonen i kontaktregisteret (norge.no)</Link>
      </Paragraph>
    </section>
  )
}

const ROLE_NAMES: Record<NotificationSettings['alsoNotified'][number]['role'], string> = { parent: 'forelder', fullmektig: 'fullmektig' }

/**
 * Who else is told of new messages: a child's parent, a proxy for messages. Without it a parent reading "we cannot send
 * notifications" for a child would not expect the SMS they then get.
 */
function AlsoNotified({ actingAs, settings }: { actingAs: ActingAs; settings: NotificationSettings }) {
  const who = whoFor(actingAs)
  const others = settings.alsoNotified
  if (others.length === 0) return null
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="also-heading">
      <Heading level={2} data-size="sm" id="also-heading">
        Hvem andre får varsel
      </Heading>
      <Paragraph>
        Når helsepersonell sender {who.object} en melding, får også disse et varsel, på sin egen mobil eller e-post
        {settings.contact.status === 'active' ? '' : `, selv om vi ikke kan varsle ${who.object}`}:
      </Paragraph>
      <ul className="app-bullets">
        {others.map((o) => (
          <li key={`${o.name}-${o.role}`}>
            {o.name} ({ROLE_NAMES[o.role]})
          </li>
        ))}
      </ul>
    </section>
  )
}

function Settings({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const title = actingAs.isSelf ? 'Varslinger' : `Varslinger for ${actingAs.name}`
  useDocumentTitle(title)
  const settings = useNotificationSettings(actingAs.personId)
  const forbidden = settings.error instanceof ApiError && (settings.error.status === 403 || settings.error.status === 404)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: 'Tilbake til Min side' }} title={title}>
        <Paragraph className="app-intro">
          Når noe nytt venter i Samband, sender vi et varsel på SMS eller e-post. Varselet sier bare at noe nytt har kommet, og fra hvem – aldri hva det
          gjelder. Du leser alltid selve innholdet her, etter at du har logget inn.
        </Paragraph>
      </PageHeader>
      {settings.isPending ? (
        <Loading />
      ) : forbidden ? (
        <Paragraph>
          Varslingene til {actingAs.name} kan bare {actingAs.name} selv endre.
        </Paragraph>
      ) : settings.isError ? (
        <SectionError message="Vi klarte ikke å hente varslingsinnstillingene akkurat nå." onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <AlwaysSent who={whoFor(actingAs)} />
          <section className="app-stack" aria-labelledby="level-heading">
            <Heading level={2} data-size="sm" id="level-heading">
              Andre varsler
            </Heading>
            <LevelForm me={me} actingAs={actingAs} settings={settings.data} />
          </section>
          <ContactDetails actingAs={actingAs} settings={settings.data} />
          <AlsoNotified actingAs={actingAs} settings={settings.data} />
        </>
      )}
    </div>
  )
}

// On someone else's behalf the server asks for the area of information registered about them ('access-log').
export function NotificationSettingsPage() {
  return (
    <RequireCitizenArea area="access-log" what="varslingsinnstillingene">
      {(me, actingAs) => <Settings key={actingAs.personId} me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
