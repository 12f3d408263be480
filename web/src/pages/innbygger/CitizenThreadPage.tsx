import { Alert, Button, Card, Heading, Paragraph } from '@digdir/designsystemet-react'
import { useState } from 'react'
import { Link as RouterLink, useParams, useSearchParams } from 'react-router'
import { attachmentUrl, useMarkThreadRead, useReply, useThread } from '../../api/innbygger/citizen-messages.ts'
import { type HealthContacts, useHealthContacts } from '../../api/innbygger/health-contacts.ts'
import type { CitizenMe } from '../../api/me.ts'
import type { ThreadDetail, ThreadMessage } from '../../api/threads.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { type ActingAs, actingAsCovers } from '../../components/innbygger/acting-as.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { PageError, PageQuery } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { StatusLine, ThreadMessages } from '../../components/thread/ThreadMessages.tsx'
import { ThreadReplyForm } from '../../components/thread/ThreadReplyForm.tsx'
import { useMarkReadOnOpen } from '../../components/thread/use-mark-read-on-open.ts'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useTexts } from '../../i18n/texts.ts'
import {
  citizenByline,
  citizenThreadTags,
  deadlinePassed,
  deadlinePassedText,
  emergencyNote,
  replyBlockedReason,
  serverText,
  threadProblem,
} from '../../text/citizen-messages.ts'
import { formatDateTime, formatLastDayBefore } from '../../text/oslo-time.ts'
import { citizenThreadTexts as texts } from './citizen-thread.texts.ts'

const INBOX = '/innbygger/meldinger'

function ReplyForm({ me, actingAs, thread }: { me: CitizenMe; actingAs: ActingAs; thread: ThreadDetail }) {
  const reply = useReply(actingAs.personId, thread.id)
  const t = useTexts(texts)
  const answerTime = serverText(thread.answerTime)
  return (
    <ThreadReplyForm
      mutation={reply}
      csrfToken={me.csrfToken}
      idPrefix="reply"
      heading={t('replyHeading')}
      sent={t('replySent', { answerTime })}
      label={t('message')}
      description={t('replyDescription', { service: thread.service.name, organisation: thread.service.organisationName, answerTime })}
      emptyError={t('writeMessage')}
      problem={(error) => threadProblem(error, { forbidden: t('replyForbidden'), fallback: t('sendFailed') })}
      submitLabel={t('sendMessage')}
    />
  )
}

function ReplyBlocked({ actingAs, thread }: { actingAs: ActingAs; thread: ThreadDetail }) {
  const t = useTexts(texts)
  const reason = replyBlockedReason(thread)
  return (
    <section className="app-stack" aria-labelledby="reply-blocked-heading">
      <Heading level={2} data-size="sm" id="reply-blocked-heading">
        {reason.kind === 'closed' ? t('threadClosed') : t('cannotReplyHere')}
      </Heading>
      <Paragraph>{reason.text}</Paragraph>
      {reason.kind === 'closed' ? (
        <div>
          <Button asChild variant="secondary">
            <RouterLink to={`${INBOX}/ny?tjeneste=${encodeURIComponent(thread.service.id)}`}>{t('startNew')}</RouterLink>
          </Button>
        </div>
      ) : reason.kind === 'service-ended' && actingAsCovers(actingAs, 'health-contacts') ? (
        <Paragraph>
          <AppLink to="/innbygger/helsekontakter">{t('seePhone')}</AppLink>
        </Paragraph>
      ) : null}
    </section>
  )
}

/** The service's phone among the person's health contacts, when the citizen may see them for this person. */
function servicePhone(contacts: HealthContacts | undefined, serviceId: string): string | null {
  if (!contacts) return null
  const all = [...(contacts.fastlege ? [contacts.fastlege.service] : []), ...contacts.services, ...(contacts.municipality?.services ?? [])]
  return all.find((service) => service.id === serviceId)?.phone ?? null
}

/** An answer that is late: say so, and whom to call, instead of a promise that has already been broken. */
function DeadlinePassed({ actingAs, thread }: { actingAs: ActingAs; thread: ThreadDetail }) {
  const mayReadContacts = actingAsCovers(actingAs, 'health-contacts')
  const contacts = useHealthContacts(actingAs.personId, mayReadContacts)
  if (!thread.answerDueAt) return null
  return (
    <Alert data-color="warning">
      <Paragraph>{deadlinePassedText(thread.answerDueAt, thread.service.name, servicePhone(contacts.data, thread.service.id))}</Paragraph>
    </Alert>
  )
}

/** The browser's print dialog, where "Lagre som PDF" is one of the printers; the print stylesheet leaves out the rest of the page. */
function PrintButton() {
  const t = useTexts(texts)
  return (
    <div className="app-actions app-print-hide">
      <Button variant="secondary" data-size="sm" onClick={() => window.print()}>
        {t('print')}
      </Button>
    </div>
  )
}

type ThreadViewProps = { me: CitizenMe; actingAs: ActingAs; thread: ThreadDetail; unreadAtOpen: ReadonlySet<string> | null }

function ThreadView({ me, actingAs, thread: t, unreadAtOpen }: ThreadViewProps) {
  const tx = useTexts(texts)
  const answerTime = serverText(t.answerTime)
  const [params] = useSearchParams()
  const awaiting = t.status === 'open' && t.answerDueAt !== null
  const late = awaiting && t.answerDueAt !== null && deadlinePassed(t.answerDueAt)
  const status = (m: ThreadMessage) => {
    if (m.from === 'service') return unreadAtOpen?.has(m.id) ? <StatusLine tag={tx('new')} color="info" /> : null
    return m.readAt ? (
      <StatusLine tag={tx('read')} color="success" text={tx('readBy', { service: t.service.name, date: formatDateTime(m.readAt) })} />
    ) : (
      <StatusLine tag={tx('notReadYet')} color="neutral" />
    )
  }
  return (
    <div className="app-stack app-stack--loose app-printable">
      <PageHeader
        back={{ to: INBOX, label: tx('backToMessages') }}
        eyebrow={
          <>
            {t.service.name}, {t.service.organisationName}
          </>
        }
        title={t.subject}
        titleClassName="app-break-anywhere"
      >
        <StatusTags tags={citizenThreadTags({ status: t.status, unreadCount: 0 })} />
        <PrintButton />
      </PageHeader>
      {params.get('sendt') === '1' ? (
        <Alert data-color="success" className="app-print-hide">
          <Paragraph>{tx('sentTo', { service: t.service.name, answerTime })}</Paragraph>
        </Alert>
      ) : null}
      <Card data-color="neutral">
        <Facts>
          <Fact term={tx('to')}>
            {t.service.name}
            <span className="app-cell-sub">{t.service.organisationName}</span>
          </Fact>
          {actingAs.isSelf ? null : <Fact term={tx('concerns')}>{actingAs.name}</Fact>}
          <Fact term={tx('started')}>
            <DateTime value={t.createdAt} />
          </Fact>
          <Fact term={tx('answerTime')}>
            {answerTime}
            {awaiting && t.answerDueAt && !late ? (
              <span className="app-cell-sub">
                {tx('expectBy')}
                <DateTime value={t.answerDueAt} />
              </span>
            ) : null}
          </Fact>
        </Facts>
      </Card>
      {late ? <DeadlinePassed actingAs={actingAs} thread={t} /> : null}
      {t.endsAt && t.canReply ? (
        <Alert data-color="warning">
          <Paragraph>
            {tx('serviceEnding', { organisation: t.service.organisationName, service: t.service.name, date: formatLastDayBefore(t.endsAt) })}
          </Paragraph>
        </Alert>
      ) : null}
      <ThreadMessages
        messages={t.messages}
        ownSide="citizen"
        author={(m) => (m.from === 'service' ? t.service.name : actingAs.name)}
        byline={(m) => citizenByline(m, actingAs.name)}
        status={status}
        attachmentHref={(a) => attachmentUrl(actingAs.personId, t.id, a.id)}
      />
      <div className="app-print-hide">
        {t.canReply ? <ReplyForm me={me} actingAs={actingAs} thread={t} /> : <ReplyBlocked actingAs={actingAs} thread={t} />}
      </div>
      <Paragraph data-size="sm" className="app-notice app-print-hide">
        {emergencyNote()}
      </Paragraph>
      <Paragraph data-size="sm" className="app-print-only">
        {actingAs.isSelf
          ? tx('printedBy', { date: formatDateTime(new Date().toISOString()), name: me.person.name })
          : tx('printedByFor', { date: formatDateTime(new Date().toISOString()), name: me.person.name, other: actingAs.name })}
      </Paragraph>
    </div>
  )
}

function Thread({ me, actingAs, threadId }: { me: CitizenMe; actingAs: ActingAs; threadId: string }) {
  const thread = useThread(actingAs.personId, threadId)
  const t = useTexts(texts)
  // What was unread when the page opened stays marked "Ny" while the user reads, though the server now has it read.
  const [unreadAtOpen, setUnreadAtOpen] = useState<ReadonlySet<string> | null>(null)
  if (thread.data && unreadAtOpen === null) {
    setUnreadAtOpen(new Set(thread.data.messages.filter((m) => m.from === 'service' && m.readAt === null).map((m) => m.id)))
  }
  const markRead = useMarkThreadRead(actingAs.personId, thread.data?.id ?? '')
  useMarkReadOnOpen(thread.data, 'service', markRead, me.csrfToken)
  useDocumentTitle(thread.data?.subject ?? t('message'))
  const notFound = actingAs.isSelf ? t('notFoundSelf') : t('notFoundOther', { name: actingAs.name })
  return (
    <PageQuery
      query={thread}
      back={{ to: INBOX, label: t('backToMessages') }}
      notFound={{ title: t('notFoundTitle'), text: notFound }}
      failedTitle={t('loadFailed')}
    >
      {(t) => <ThreadView me={me} actingAs={actingAs} thread={t} unreadAtOpen={unreadAtOpen} />}
    </PageQuery>
  )
}

function ThreadRoute({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const { id } = useParams()
  if (!id) return <PageError />
  return <Thread key={`${actingAs.personId}-${id}`} me={me} actingAs={actingAs} threadId={id} />
}

export function CitizenThreadPage() {
  const t = useTexts(texts)
  return (
    <RequireCitizenArea area="messages" what={t('what')}>
      {(me, actingAs) => <ThreadRoute me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
