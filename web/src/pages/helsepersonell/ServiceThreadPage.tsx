import { Button, Card, Dialog, Field, Heading, Label, Paragraph, Select } from '@digdir/designsystemet-react'
import { useEffect, useRef, useState } from 'react'
import { useParams } from 'react-router'
import {
  serviceAttachmentUrl,
  type StaffThreadDetail,
  type StaffThreadMessage,
  useAnswerTemplates,
  useAnswerThread,
  useCloseThread,
  useMarkServiceThreadRead,
  useServiceThread,
} from '../../api/helsepersonell/service-threads.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { AppLink } from '../../components/links.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { PageError, PageQuery } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { ThreadAssignment } from '../../components/helsepersonell/ThreadAssignment.tsx'
import { StatusLine, ThreadMessages } from '../../components/thread/ThreadMessages.tsx'
import { ThreadNotes } from '../../components/helsepersonell/ThreadNotes.tsx'
import { ThreadReplyForm } from '../../components/thread/ThreadReplyForm.tsx'
import { useMarkReadOnOpen } from '../../components/thread/use-mark-read-on-open.ts'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { staffThreadTags, threadProblem } from '../../text/citizen-messages.ts'
import { formatDate, formatDateTime } from '../../text/oslo-time.ts'

const BACK = { to: '/helsepersonell/innbyggermeldinger', label: 'Tilbake til meldinger fra innbyggere' }
const FORBIDDEN = 'Du har ikke tilgang til denne samtalen.'

/** A deadline is set while a citizen's message waits for an answer (the server's rule). */
function isAwaitingAnswer(thread: StaffThreadDetail): boolean {
  return thread.status === 'open' && thread.answerDueAt !== null
}

/** The service's answer templates: one fills the answer field, where it can be changed before sending. */
function TemplatePicker({ serviceId, fill }: { serviceId: string; fill: (text: string) => void }) {
  const templates = useAnswerTemplates(serviceId)
  const [chosen, setChosen] = useState('')
  const items = templates.data?.items ?? []
  if (items.length === 0) return null
  const template = items.find((t) => t.id === chosen)
  return (
    <div className="app-search-row">
      <Field>
        <Label>Svarmal</Label>
        <Select value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <Select.Option value="">Velg en mal</Select.Option>
          {items.map((t) => (
            <Select.Option key={t.id} value={t.id}>
              {t.title}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <div>
        <Button variant="secondary" type="button" disabled={!template} onClick={() => template && fill(template.body)}>
          Sett inn malen
        </Button>
      </div>
    </div>
  )
}

/**
 * Open while a message waits for an answer; closes once the answer is sent (the thread shows it), so the page does not
 * invite a second one. A button opens it again.
 */
function AnswerForm({ me, thread }: { me: StaffMe; thread: StaffThreadDetail }) {
  const answer = useAnswerThread(thread.service.id, thread.id)
  return (
    <ThreadReplyForm
      mutation={answer}
      csrfToken={me.csrfToken}
      idPrefix="answer"
      heading="Svar innbyggeren"
      openLabel={isAwaitingAnswer(thread) ? 'Skriv svar' : 'Skriv en ny melding'}
      startOpen={isAwaitingAnswer(thread)}
      before={(fill) => <TemplatePicker serviceId={thread.service.id} fill={fill} />}
      sent={<>Svaret er sendt til {thread.citizen.name}. Innbyggeren får et varsel på SMS eller e-post.</>}
      label="Svaret ditt"
      description={`Til ${thread.citizen.name}. Svaret sendes fra ${thread.service.name} med navnet ditt, og en kopi går til journalsystemet.`}
      emptyError="Skriv et svar."
      problem={(error) => threadProblem(error, { forbidden: FORBIDDEN, fallback: 'Vi klarte ikke å sende svaret. Prøv igjen om litt.' })}
      submitLabel="Send svar"
    />
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
          <ErrorAlert
            message={
              close.isError ? threadProblem(close.error, { forbidden: FORBIDDEN, fallback: 'Vi klarte ikke å avslutte samtalen. Prøv igjen om litt.' }) : null
            }
          />
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

function ThreadView({ me, thread: t }: { me: StaffMe; thread: StaffThreadDetail }) {
  // Set when the user closes the thread here: once it shows as closed, focus goes to the note that says so.
  const closing = useRef(false)
  const closedNote = useRef<HTMLParagraphElement>(null)
  const closed = t.status === 'closed'
  useEffect(() => {
    if (!closed || !closing.current) return
    closing.current = false
    closedNote.current?.focus()
  }, [closed])
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
      <PageHeader back={BACK} eyebrow="Melding fra innbygger" title={t.subject} titleClassName="app-break-anywhere">
        {/* Whether the answer is overdue is the server's to say (its clock). */}
        <StatusTags tags={staffThreadTags({ status: t.status, overdue: t.overdue, awaitingAnswer: awaiting, unreadCount: 0 })} />
      </PageHeader>
      <Card data-color="neutral">
        <Facts>
          <Fact term="Innbygger">
            {t.citizen.name}
            <span className="app-cell-sub">Født {formatDate(t.citizen.birthDate)}</span>
            <AppLink to={`${BACK.to}?status=all&pasient=${encodeURIComponent(t.citizen.personId)}`}>Alle samtaler med {t.citizen.name}</AppLink>
          </Fact>
          <Fact term="Til">
            {t.service.name}
            <span className="app-cell-sub">{t.service.organisationName}</span>
          </Fact>
          <Fact term="Startet">
            <DateTime value={t.createdAt} />
          </Fact>
          {awaiting && t.answerDueAt ? (
            <Fact term="Svarfrist">
              <DateTime value={t.answerDueAt} />
              {t.overdue ? <span className="app-cell-sub">Fristen er passert: svar innbyggeren så snart du kan.</span> : null}
              <span className="app-cell-sub">Innbyggeren er lovet: {t.answerTime.toLowerCase()}</span>
            </Fact>
          ) : null}
          {t.status === 'closed' ? (
            <Fact term="Avsluttet">
              {t.closedAt ? <DateTime value={t.closedAt} /> : 'Ja'}
              {t.closedByName ? <span className="app-cell-sub">av {t.closedByName}</span> : null}
            </Fact>
          ) : null}
        </Facts>
      </Card>
      <ThreadMessages
        messages={t.messages}
        ownSide="service"
        author={(m) => (m.from === 'service' ? m.authorName : t.citizen.name)}
        byline={(m) => (m.from === 'citizen' && m.onBehalfOf ? `Skrevet av ${m.writtenBy}` : m.from === 'service' ? `For ${t.service.name}` : null)}
        status={status}
        attachmentHref={(a) => serviceAttachmentUrl(t.service.id, t.id, a.id)}
      />
      {t.status === 'open' && t.canReply ? <AnswerForm me={me} thread={t} /> : null}
      <ThreadAssignment me={me} thread={t} />
      <ThreadNotes me={me} thread={t} />
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

function Thread({ me, serviceId, threadId }: { me: StaffMe; serviceId: string; threadId: string }) {
  const thread = useServiceThread(serviceId, threadId)
  const markRead = useMarkServiceThreadRead(thread.data?.service.id ?? '', thread.data?.id ?? '')
  useMarkReadOnOpen(thread.data, 'citizen', markRead, me.csrfToken)
  useDocumentTitle(thread.data?.subject ?? 'Melding fra innbygger')
  return (
    <PageQuery
      query={thread}
      back={BACK}
      notFound={{ title: 'Fant ikke samtalen', text: 'Samtalen finnes ikke, eller den er sendt til en annen tjeneste enn den du handler for.' }}
      failedTitle="Vi klarte ikke å hente samtalen"
    >
      {(t) => <ThreadView me={me} thread={t} />}
    </PageQuery>
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
