import { Alert, Button, Card, Dialog, Heading, Link, Paragraph } from '@digdir/designsystemet-react'
import { useEffect, useRef } from 'react'
import { Link as RouterLink, useParams } from 'react-router'
import { ApiError } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import {
  serviceAttachmentUrl,
  type StaffThreadDetail,
  type StaffThreadMessage,
  useAnswerThread,
  useCloseThread,
  useMarkServiceThreadRead,
  useServiceThread,
} from '../../api/helsepersonell/service-threads.ts'
import { ThreadReplyFields } from '../../components/thread/ThreadReplyFields.tsx'
import { Loading, PageError } from '../../components/PageStates.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { StatusLine, ThreadMessages } from '../../components/thread/ThreadMessages.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useReplyForm } from '../../components/thread/use-reply-form.ts'
import { staffThreadTags } from '../../text/citizen-messages.ts'
import { formatDate, formatDateTime } from '../../text/oslo-time.ts'

const BASE = '/helsepersonell/innbyggermeldinger'

function BackLink() {
  return (
    <Paragraph data-size="sm">
      <Link asChild>
        <RouterLink to={BASE}>Tilbake til meldinger fra innbyggere</RouterLink>
      </Link>
    </Paragraph>
  )
}

function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return 'Vedleggene er for store til å sendes. Fjern noen og prøv igjen.'
    if (error.problem?.detail) return error.problem.detail
    if (error.status === 403) return 'Du har ikke tilgang til denne samtalen.'
  }
  return fallback
}

/** A deadline is set while a citizen's message waits for an answer (the server's rule). */
function isAwaitingAnswer(thread: StaffThreadDetail): boolean {
  return thread.status === 'open' && thread.answerDueAt !== null
}

function AnswerForm({ me, thread }: { me: StaffMe; thread: StaffThreadDetail }) {
  const serviceId = thread.service.id
  const answer = useAnswerThread(serviceId, thread.id)
  const form = useReplyForm(answer, me.csrfToken, 'answer-body')
  const { sent, submit } = form
  return (
    <section className="app-stack" aria-labelledby="answer-heading">
      <Heading level={2} data-size="sm" id="answer-heading">
        Svar innbyggeren
      </Heading>
      {/* A live region that is there before the message, so that "sent" is read out. */}
      <div aria-live="polite">
        {sent ? (
          <Alert data-color="success">
            <Paragraph>Svaret er sendt til {thread.citizen.name}. Innbyggeren får et varsel på SMS eller e-post.</Paragraph>
          </Alert>
        ) : null}
      </div>
      <form className="app-stack app-form" onSubmit={submit} noValidate>
        <ThreadReplyFields
          form={form}
          idPrefix="answer"
          label="Svaret ditt"
          description={`Til ${thread.citizen.name}. Svaret sendes fra ${thread.service.name} med navnet ditt.`}
          emptyError="Skriv et svar."
        />
        {answer.isError ? (
          <Alert data-color="danger" role="alert">
            <Paragraph>{problemText(answer.error, 'Vi klarte ikke å sende svaret. Prøv igjen om litt.')}</Paragraph>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={answer.isPending}>
            Send svar
          </Button>
        </div>
      </form>
    </section>
  )
}

/**
 * Closing keeps everything; it only stops new messages in this thread. A dialog asks first. `onClosing` is told when
 * the user confirms: the dialog and the button that opened it go when the thread is closed, so the page moves focus.
 */
function CloseThread({ me, thread, onClosing }: { me: StaffMe; thread: StaffThreadDetail; onClosing: () => void }) {
  const close = useCloseThread(thread.service.id, thread.id)
  const dialog = useRef<HTMLDialogElement>(null)
  const confirm = () => {
    onClosing()
    close.mutate(me.csrfToken, {
      onSuccess: () => dialog.current?.close(),
    })
  }
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="close-heading">
      <Heading level={2} data-size="sm" id="close-heading">
        Avslutt samtalen
      </Heading>
      <Paragraph>Avslutt når saken er ferdig. Ingenting slettes, men innbyggeren kan ikke skrive mer her og må starte en ny melding.</Paragraph>
      <div>
        <Button variant="secondary" onClick={() => dialog.current?.showModal()}>
          Avslutt samtalen …
        </Button>
      </div>
      <Dialog ref={dialog} closeButton="Lukk" aria-labelledby="close-dialog-heading">
        <Dialog.Block className="app-stack">
          <Heading level={2} data-size="xs" id="close-dialog-heading">
            Vil du avslutte samtalen?
          </Heading>
          <Paragraph className="app-break-anywhere">
            {thread.citizen.name} kan ikke svare i samtalen «{thread.subject}» etter at den er avsluttet. Ingenting slettes.
          </Paragraph>
          {close.isError ? (
            <Alert data-color="danger" role="alert">
              <Paragraph>{problemText(close.error, 'Vi klarte ikke å avslutte samtalen. Prøv igjen om litt.')}</Paragraph>
            </Alert>
          ) : null}
          <div className="app-actions">
            <Button data-color="danger" loading={close.isPending} onClick={confirm}>
              Ja, avslutt samtalen
            </Button>
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Nei, la den være åpen
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </section>
  )
}

/** Marks the citizen's messages read once per opening, when there is something unread. */
function useMarkReadOnOpen(me: StaffMe, thread: StaffThreadDetail | undefined) {
  const markRead = useMarkServiceThreadRead(thread?.service.id ?? '', thread?.id ?? '')
  const done = useRef<string | null>(null)
  const hasUnread = thread?.messages.some((m) => m.from === 'citizen' && m.readAt === null) ?? false
  useEffect(() => {
    if (!thread || !hasUnread || done.current === thread.id) return
    done.current = thread.id
    markRead.mutate(me.csrfToken)
  }, [thread, hasUnread, markRead, me.csrfToken])
}

function Thread({ me, serviceId, threadId }: { me: StaffMe; serviceId: string; threadId: string }) {
  const thread = useServiceThread(serviceId, threadId)
  useMarkReadOnOpen(me, thread.data)
  useDocumentTitle(thread.data?.subject ?? 'Melding fra innbygger')
  // Set when the user closes the thread here: once it shows as closed, focus goes to the note that says so.
  const closing = useRef(false)
  const closedNote = useRef<HTMLParagraphElement>(null)
  const closed = thread.data?.status === 'closed'
  useEffect(() => {
    if (!closed || !closing.current) return
    closing.current = false
    closedNote.current?.focus()
  }, [closed])
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
          <Paragraph>Samtalen finnes ikke, eller den er sendt til en annen tjeneste enn den du handler for.</Paragraph>
        </div>
      )
    }
    return <PageError title="Vi klarte ikke å hente samtalen" onRetry={() => void thread.refetch()} />
  }
  const t = thread.data
  const awaiting = isAwaitingAnswer(t)
  const status = (m: StaffThreadMessage) => {
    if (m.from === 'citizen') return null
    return m.readAt ? (
      <StatusLine tag="Lest" color="success" text={`av innbyggeren ${formatDateTime(m.readAt)}`} />
    ) : (
      <StatusLine tag="Ikke lest ennå" color="neutral" />
    )
  }
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <BackLink />
        <Paragraph data-size="sm" className="app-eyebrow">
          Melding fra innbygger
        </Paragraph>
        <Heading level={1} data-size="lg" className="app-break-anywhere">
          {t.subject}
        </Heading>
        {/* Whether the answer is overdue is the server's to say (its clock); the inbox shows it. */}
        <StatusTags tags={staffThreadTags({ status: t.status, overdue: false, awaitingAnswer: awaiting, unreadCount: 0 })} />
      </div>
      <Card data-color="neutral">
        <dl className="app-facts">
          <div>
            <dt>Innbygger</dt>
            <dd>
              {t.citizen.name}
              <span className="app-cell-sub">Født {formatDate(t.citizen.birthDate)}</span>
            </dd>
          </div>
          <div>
            <dt>Til</dt>
            <dd>
              {t.service.name}
              <span className="app-cell-sub">{t.service.organisationName}</span>
            </dd>
          </div>
          <div>
            <dt>Startet</dt>
            <dd>
              <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
            </dd>
          </div>
          {awaiting && t.answerDueAt ? (
            <div>
              <dt>Svarfrist</dt>
              <dd>
                <time dateTime={t.answerDueAt}>{formatDateTime(t.answerDueAt)}</time>
                <span className="app-cell-sub">Innbyggeren er lovet: {t.answerTime.toLowerCase()}</span>
              </dd>
            </div>
          ) : null}
          {t.status === 'closed' ? (
            <div>
              <dt>Avsluttet</dt>
              <dd>
                {t.closedAt ? <time dateTime={t.closedAt}>{formatDateTime(t.closedAt)}</time> : 'Ja'}
                {t.closedByName ? <span className="app-cell-sub">av {t.closedByName}</span> : null}
              </dd>
            </div>
          ) : null}
        </dl>
      </Card>
      <section className="app-stack" aria-labelledby="messages-heading">
        <Heading level={2} data-size="sm" id="messages-heading">
          Meldinger
        </Heading>
        <ThreadMessages
          messages={t.messages}
          ownSide="service"
          author={(m) => (m.from === 'service' ? m.authorName : t.citizen.name)}
          byline={(m) => (m.from === 'citizen' && m.onBehalfOf ? `Skrevet av ${m.writtenBy}` : m.from === 'service' ? `For ${t.service.name}` : null)}
          status={status}
          attachmentHref={(a) => serviceAttachmentUrl(serviceId, t.id, a.id)}
        />
      </section>
      {t.status === 'open' && t.canReply ? <AnswerForm me={me} thread={t} /> : null}
      {t.status === 'open' && !t.canReply ? (
        <Paragraph>{t.service.organisationName} har sluttet å bruke meldinger i Samband. Samtalen kan leses, men ikke besvares her.</Paragraph>
      ) : null}
      {t.status === 'open' ? (
        <CloseThread
          me={me}
          thread={t}
          onClosing={() => {
            closing.current = true
          }}
        />
      ) : (
        <Paragraph ref={closedNote} tabIndex={-1}>
          Samtalen er avsluttet. Innbyggeren kan starte en ny melding hvis det er noe mer.
        </Paragraph>
      )}
    </div>
  )
}

function ThreadRoute({ me }: { me: StaffMe }) {
  const { id } = useParams()
  if (!id || !me.service) return <PageError />
  return <Thread key={`${me.service.id}-${id}`} me={me} serviceId={me.service.id} threadId={id} />
}

export function ServiceThreadPage() {
  return <RequireMessaging>{(me) => <ThreadRoute me={me} />}</RequireMessaging>
}
