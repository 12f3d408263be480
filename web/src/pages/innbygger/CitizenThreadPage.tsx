import { Alert, Button, Card, Heading, Link, Paragraph } from '@digdir/designsystemet-react'
import { useEffect, useRef, useState } from 'react'
import { Link as RouterLink, useParams, useSearchParams } from 'react-router'
import { attachmentUrl, useMarkThreadRead, useReply, useThread } from '../../api/innbygger/citizen-messages.ts'
import type { ThreadDetail, ThreadMessage } from '../../api/threads.ts'
import { ApiError } from '../../api/http.ts'
import type { CitizenMe } from '../../api/me.ts'
import { type ActingAs, actingAsCovers } from '../../components/innbygger/acting-as.tsx'
import { ThreadReplyFields } from '../../components/thread/ThreadReplyFields.tsx'
import { Loading, PageError } from '../../components/PageStates.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { StatusLine, ThreadMessages } from '../../components/thread/ThreadMessages.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useReplyForm } from '../../components/thread/use-reply-form.ts'
import { citizenByline, citizenThreadTags, EMERGENCY_NOTE, replyBlockedReason } from '../../text/citizen-messages.ts'
import { formatDateTime, formatLastDayBefore } from '../../text/oslo-time.ts'

const INBOX = '/innbygger/meldinger'

function BackLink() {
  return (
    <Paragraph data-size="sm">
      <Link asChild>
        <RouterLink to={INBOX}>Tilbake til meldinger</RouterLink>
      </Link>
    </Paragraph>
  )
}

function replyProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return 'Vedleggene er for store til å sendes. Fjern noen og prøv igjen.'
    if (error.problem?.detail) return error.problem.detail
    if (error.status === 403) return 'Du har ikke lov til å svare i denne samtalen.'
  }
  return 'Vi klarte ikke å sende meldingen. Prøv igjen om litt.'
}

function ReplyForm({ me, actingAs, thread }: { me: CitizenMe; actingAs: ActingAs; thread: ThreadDetail }) {
  const reply = useReply(actingAs.personId, thread.id)
  const form = useReplyForm(reply, me.csrfToken, 'reply-body')
  const { sent, submit } = form
  return (
    <section className="app-stack" aria-labelledby="reply-heading">
      <Heading level={2} data-size="sm" id="reply-heading">
        Skriv en ny melding i samtalen
      </Heading>
      {/* A live region that is there before the message, so that "sent" is read out. */}
      <div aria-live="polite">
        {sent ? (
          <Alert data-color="success">
            <Paragraph>Meldingen er sendt. {thread.answerTime}.</Paragraph>
          </Alert>
        ) : null}
      </div>
      <form className="app-stack app-form" onSubmit={submit} noValidate>
        <ThreadReplyFields
          form={form}
          idPrefix="reply"
          label="Melding"
          description={`Til ${thread.service.name}, ${thread.service.organisationName}. ${thread.answerTime}.`}
          emptyError="Skriv meldingen."
        />
        {reply.isError ? (
          <Alert data-color="danger" role="alert">
            <Paragraph>{replyProblem(reply.error)}</Paragraph>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={reply.isPending}>
            Send melding
          </Button>
        </div>
      </form>
    </section>
  )
}

function ReplyBlocked({ actingAs, thread }: { actingAs: ActingAs; thread: ThreadDetail }) {
  const reason = replyBlockedReason(thread)
  return (
    <section className="app-stack" aria-labelledby="reply-blocked-heading">
      <Heading level={2} data-size="sm" id="reply-blocked-heading">
        {reason.kind === 'closed' ? 'Samtalen er avsluttet' : 'Du kan ikke svare her'}
      </Heading>
      <Paragraph>{reason.text}</Paragraph>
      {reason.kind === 'closed' ? (
        <div>
          <Button asChild variant="secondary">
            <RouterLink to={`${INBOX}/ny?tjeneste=${encodeURIComponent(thread.service.id)}`}>Start en ny melding</RouterLink>
          </Button>
        </div>
      ) : reason.kind === 'service-ended' && actingAsCovers(actingAs, 'health-contacts') ? (
        <Paragraph>
          <Link asChild>
            <RouterLink to="/innbygger/helsekontakter">Se telefonnummeret under Helsekontakter</RouterLink>
          </Link>
        </Paragraph>
      ) : null}
    </section>
  )
}

/** Marks the service's messages read once per opening, when there is something unread. */
function useMarkReadOnOpen(me: CitizenMe, actingAs: ActingAs, thread: ThreadDetail | undefined) {
  const markRead = useMarkThreadRead(actingAs.personId, thread?.id ?? '')
  const done = useRef<string | null>(null)
  const hasUnread = thread?.messages.some((m) => m.from === 'service' && m.readAt === null) ?? false
  useEffect(() => {
    if (!thread || !hasUnread || done.current === thread.id) return
    done.current = thread.id
    markRead.mutate(me.csrfToken)
  }, [thread, hasUnread, markRead, me.csrfToken])
}

function Thread({ me, actingAs, threadId }: { me: CitizenMe; actingAs: ActingAs; threadId: string }) {
  const thread = useThread(actingAs.personId, threadId)
  const [params] = useSearchParams()
  // What was unread when the page opened stays marked "Ny" while the user reads, though the server now has it read.
  const [unreadAtOpen, setUnreadAtOpen] = useState<ReadonlySet<string> | null>(null)
  if (thread.data && unreadAtOpen === null) {
    setUnreadAtOpen(new Set(thread.data.messages.filter((m) => m.from === 'service' && m.readAt === null).map((m) => m.id)))
  }
  useMarkReadOnOpen(me, actingAs, thread.data)
  useDocumentTitle(thread.data?.subject ?? 'Melding')

  if (thread.isPending) return <Loading />
  if (thread.isError) {
    const status = thread.error instanceof ApiError ? thread.error.status : 0
    if (status === 403 || status === 404) {
      return (
        <div className="app-stack">
          <BackLink />
          <Heading level={1} data-size="lg">
            Fant ikke samtalen
          </Heading>
          <Paragraph>
            Samtalen finnes ikke, eller den gjelder en annen person enn {actingAs.isSelf ? 'deg' : actingAs.name}. Har du byttet person øverst på siden, finner
            du samtalene til den du nå handler for under Meldinger.
          </Paragraph>
        </div>
      )
    }
    return <PageError title="Vi klarte ikke å hente samtalen" onRetry={() => void thread.refetch()} />
  }

  const t = thread.data
  const awaiting = t.status === 'open' && t.answerDueAt !== null
  const status = (m: ThreadMessage) => {
    if (m.from === 'service') return unreadAtOpen?.has(m.id) ? <StatusLine tag="Ny" color="info" /> : null
    return m.readAt ? (
      <StatusLine tag="Lest" color="success" text={`av ${t.service.name} ${formatDateTime(m.readAt)}`} />
    ) : (
      <StatusLine tag="Ikke lest ennå" color="neutral" />
    )
  }
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <BackLink />
        <Paragraph data-size="sm" className="app-eyebrow">
          {t.service.name}, {t.service.organisationName}
        </Paragraph>
        <Heading level={1} data-size="lg" className="app-break-anywhere">
          {t.subject}
        </Heading>
        <StatusTags tags={citizenThreadTags({ status: t.status, unreadCount: 0 })} />
      </div>
      {params.get('sendt') === '1' ? (
        <Alert data-color="success">
          <Paragraph>
            Meldingen er sendt til {t.service.name}. {t.answerTime}. Du får et varsel på SMS eller e-post når tjenesten har svart.
          </Paragraph>
        </Alert>
      ) : null}
      <Card data-color="neutral">
        <dl className="app-facts">
          <div>
            <dt>Til</dt>
            <dd>
              {t.service.name}
              <span className="app-cell-sub">{t.service.organisationName}</span>
            </dd>
          </div>
          {actingAs.isSelf ? null : (
            <div>
              <dt>Gjelder</dt>
              <dd>{actingAs.name}</dd>
            </div>
          )}
          <div>
            <dt>Startet</dt>
            <dd>
              <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>Svartid</dt>
            <dd>
              {t.answerTime}
              {awaiting && t.answerDueAt ? (
                <span className="app-cell-sub">
                  Du kan vente svar innen <time dateTime={t.answerDueAt}>{formatDateTime(t.answerDueAt)}</time>
                </span>
              ) : null}
            </dd>
          </div>
        </dl>
      </Card>
      {t.endsAt && t.canReply ? (
        <Alert data-color="warning">
          <Paragraph>
            {t.service.organisationName} slutter å bruke meldinger i Samband. Du kan skrive til {t.service.name} her til og med {formatLastDayBefore(t.endsAt)}.
          </Paragraph>
        </Alert>
      ) : null}
      <section className="app-stack" aria-labelledby="messages-heading">
        <Heading level={2} data-size="sm" id="messages-heading">
          Meldinger
        </Heading>
        <ThreadMessages
          messages={t.messages}
          ownSide="citizen"
          author={(m) => (m.from === 'service' ? t.service.name : actingAs.name)}
          byline={(m) => citizenByline(m, actingAs.name)}
          status={status}
          attachmentHref={(a) => attachmentUrl(actingAs.personId, t.id, a.id)}
        />
      </section>
      {t.canReply ? <ReplyForm me={me} actingAs={actingAs} thread={t} /> : <ReplyBlocked actingAs={actingAs} thread={t} />}
      <Paragraph data-size="sm" className="app-notice">
        {EMERGENCY_NOTE}
      </Paragraph>
    </div>
  )
}

function ThreadRoute({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const { id } = useParams()
  if (!id) return <PageError />
  return <Thread key={`${actingAs.personId}-${id}`} me={me} actingAs={actingAs} threadId={id} />
}

export function CitizenThreadPage() {
  return (
    <RequireCitizenArea area="messages" what="meldinger">
      {(me, actingAs) => <ThreadRoute me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
