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
import { type Translate, useTexts } from '../../i18n/texts.ts'
import { formatPhoneNumber } from '../../text/phone.ts'
import { notificationSettingsTexts as texts } from './notification-settings.texts.ts'

/** Where a citizen changes their contact details: the national register's own service, not Samband. */
const REGISTER_URL = 'https://www.norge.no/nb/digital-borger/oppdater-kontaktinformasjon'

type T = Translate<typeof texts.catalogues.nb>

// What each level sends, in the order of notification-rules.ts on the server: each level adds to the one before.
const LEVEL_KEYS = {
  begrenset: ['levelBegrenset', 'levelBegrensetAbout'],
  normal: ['levelNormal', 'levelNormalAbout'],
  full: ['levelFull', 'levelFullAbout'],
} as const satisfies Record<NotificationLevel, readonly [string, string]>

function levelLabel(t: T, level: NotificationLevel): string {
  return t(LEVEL_KEYS[level][0])
}

const CONTACT_STATUS = {
  active: { label: 'statusActive', color: 'success', self: 'statusActiveAbout', other: 'statusActiveAbout' },
  passive: { label: 'statusPassive', color: 'warning', self: 'statusPassiveSelf', other: 'statusPassiveOther' },
  reserved: { label: 'statusReserved', color: 'warning', self: 'statusReservedSelf', other: 'statusReservedOther' },
  missing: { label: 'statusMissing', color: 'danger', self: 'statusMissingSelf', other: 'statusMissingOther' },
} as const satisfies Record<ContactStatus, { label: string; color: 'success' | 'warning' | 'danger'; self: string; other: string }>

type Key = Parameters<T>[0]

/** The sentence for oneself or, with the name, for someone else, so every sentence reads right either way. */
function forWhom(t: T, actingAs: ActingAs, self: Key, other: Key): string {
  return actingAs.isSelf ? t(self) : t(other, { name: actingAs.name })
}

function AlwaysSent({ actingAs }: { actingAs: ActingAs }) {
  const t = useTexts(texts)
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="always-heading">
      <Heading level={2} data-size="sm" id="always-heading">
        {t('alwaysHeading')}
      </Heading>
      <Paragraph>{forWhom(t, actingAs, 'alwaysIntroSelf', 'alwaysIntroOther')}</Paragraph>
      <ul className="app-bullets">
        <li>{forWhom(t, actingAs, 'alwaysAppointmentSelf', 'alwaysAppointmentOther')}</li>
        <li>{forWhom(t, actingAs, 'alwaysMessageSelf', 'alwaysMessageOther')}</li>
        <li>{forWhom(t, actingAs, 'alwaysServiceStopsSelf', 'alwaysServiceStopsOther')}</li>
      </ul>
    </section>
  )
}

function LevelForm({ me, actingAs, settings }: { me: CitizenMe; actingAs: ActingAs; settings: NotificationSettings }) {
  const t = useTexts(texts)
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
        <Fieldset.Legend>{forWhom(t, actingAs, 'legendSelf', 'legendOther')}</Fieldset.Legend>
        {NOTIFICATION_LEVELS.map((value) => (
          <Radio
            key={value}
            name="level"
            value={value}
            label={levelLabel(t, value)}
            description={t(LEVEL_KEYS[value][1])}
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
            <Paragraph>{t('saved', { level: levelLabel(t, level).toLocaleLowerCase() })}</Paragraph>
          </Alert>
        ) : null}
      </div>
      <ErrorAlert message={save.isError ? problemDetail(save.error, t('saveFailed')) : null} />
      <div>
        <Button type="submit" loading={save.isPending}>
          {t('save')}
        </Button>
      </div>
    </form>
  )
}

function ContactDetails({ actingAs, settings }: { actingAs: ActingAs; settings: NotificationSettings }) {
  const t = useTexts(texts)
  const status = CONTACT_STATUS[settings.contact.status]
  return (
    <section className="app-stack" aria-labelledby="contact-heading">
      <Heading level={2} data-size="sm" id="contact-heading">
        {t('contactHeading')}
      </Heading>
      <Card data-color="neutral" className="app-stack app-stack--tight">
        <Facts>
          <Fact term={t('mobile')}>{settings.contact.mobile ? formatPhoneNumber(settings.contact.mobile) : t('notRegistered')}</Fact>
          <Fact term={t('email')} className="app-break-anywhere">
            {settings.contact.email ?? t('notRegistered')}
          </Fact>
          <Fact term={t('registerStatus')}>
            <Tag data-color={status.color} data-size="sm">
              {t(status.label)}
            </Tag>
          </Fact>
        </Facts>
        <Paragraph data-size="sm">{forWhom(t, actingAs, status.self, status.other)}</Paragraph>
      </Card>
      <Paragraph>{forWhom(t, actingAs, 'registerSourceSelf', 'registerSourceOther')}</Paragraph>
      <Paragraph>
        <Link href={REGISTER_URL}>{t('registerLink')}</Link>
      </Paragraph>
    </section>
  )
}

const ROLE_KEYS = { parent: 'roleParent', fullmektig: 'roleFullmektig' } as const satisfies Record<NotificationSettings['alsoNotified'][number]['role'], Key>

/**
 * Who else is told of new messages: a child's parent, a proxy for messages. Without it a parent reading "we cannot send
 * notifications" for a child would not expect the SMS they then get.
 */
function AlsoNotified({ actingAs, settings }: { actingAs: ActingAs; settings: NotificationSettings }) {
  const t = useTexts(texts)
  const others = settings.alsoNotified
  if (others.length === 0) return null
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="also-heading">
      <Heading level={2} data-size="sm" id="also-heading">
        {t('alsoHeading')}
      </Heading>
      <Paragraph>
        {settings.contact.status === 'active'
          ? forWhom(t, actingAs, 'alsoIntroSelf', 'alsoIntroOther')
          : forWhom(t, actingAs, 'alsoIntroUnreachableSelf', 'alsoIntroUnreachableOther')}
      </Paragraph>
      <ul className="app-bullets">
        {others.map((o) => (
          <li key={`${o.name}-${o.role}`}>
            {o.name} ({t(ROLE_KEYS[o.role])})
          </li>
        ))}
      </ul>
    </section>
  )
}

function Settings({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const t = useTexts(texts)
  const title = forWhom(t, actingAs, 'title', 'titleFor')
  useDocumentTitle(title)
  const settings = useNotificationSettings(actingAs.personId)
  const forbidden = settings.error instanceof ApiError && (settings.error.status === 403 || settings.error.status === 404)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: t('backToHome') }} title={title}>
        <Paragraph className="app-intro">{t('intro')}</Paragraph>
      </PageHeader>
      {settings.isPending ? (
        <Loading />
      ) : forbidden ? (
        <Paragraph>{t('onlyThemselves', { name: actingAs.name })}</Paragraph>
      ) : settings.isError ? (
        <SectionError message={t('loadFailed')} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <AlwaysSent actingAs={actingAs} />
          <section className="app-stack" aria-labelledby="level-heading">
            <Heading level={2} data-size="sm" id="level-heading">
              {t('otherHeading')}
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
  const t = useTexts(texts)
  return (
    <RequireCitizenArea area="access-log" what={t('what')}>
      {(me, actingAs) => <Settings key={actingAs.personId} me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
