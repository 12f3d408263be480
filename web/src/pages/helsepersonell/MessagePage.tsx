import { Alert, Button, Card, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import {
  type MessageView,
  type Note,
  type Question,
  type RelatedMessage,
  useAnswerMessage,
  useMessage,
  useReceipt,
  useResendMessage,
} from '../../api/helsepersonell/exchange.ts'
import { ApiError, problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { PageError, PageQuery } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useIdempotencyKey } from '../../components/use-idempotency-key.ts'
import { appRecLabel, partyLabel, receiverState } from '../../text/exchange.ts'
import { formatBytes } from '../../text/format.ts'
import { formatDate, formatDateTime } from '../../text/oslo-time.ts'

const BACK = '/helsepersonell/meldinger'

const BACK_TO_INBOX = { to: BACK, label: 'Tilbake til meldinger' }
const BACK_TO_SENT = { to: `${BACK}?mappe=sendt`, label: 'Tilbake til meldinger' }

/** Text from a message as written: line breaks kept, nothing interpreted as markup. */
function Text({ children }: { children: string | null }) {
  return <Paragraph className="app-message-text">{children ?? ''}</Paragraph>
}

// The subject line is left out when it is already the page's heading.
function QuestionBlock({ question, heading, pageTitle }: { question: Question; heading: string; pageTitle: string }) {
  return (
    <section className="app-stack app-stack--tight" aria-label={heading}>
      <Heading level={2} data-size="sm">
        {heading}
      </Heading>
      {question.subject && question.subject !== pageTitle ? <Paragraph className="app-message-subject">{question.subject}</Paragraph> : null}
      <Text>{question.question}</Text>
    </section>
  )
}

function NoteBlock({ note, isAnswer, pageTitle }: { note: Note; isAnswer: boolean; pageTitle: string }) {
  const heading = isAnswer ? 'Svar' : 'Notat'
  return (
    <section className="app-stack app-stack--tight" aria-label={heading}>
      <Heading level={2} data-size="sm">
        {heading}
      </Heading>
      {note.title && note.title !== pageTitle ? <Paragraph className="app-message-subject">{note.title}</Paragraph> : null}
      <Text>{note.text}</Text>
      {note.remark ? <Paragraph data-size="sm">Merknad: {note.remark}</Paragraph> : null}
      {note.answeredQuestion ? (
        <blockquote className="app-quote">
          <Paragraph data-size="sm" className="app-quote__label">
            Spørsmålet som besvares
          </Paragraph>
          <Text>{note.answeredQuestion.question}</Text>
        </blockquote>
      ) : null}
    </section>
  )
}

function Related({ label, messages }: { label: string; messages: RelatedMessage[] }) {
  if (messages.length === 0) return null
  return (
    <Fact term={label}>
      <ul className="app-plain-list">
        {messages.map((m) => (
          <li key={m.id}>
            <AppLink to={`${BACK}/${encodeURIComponent(m.id)}`}>
              {m.msgTypeName} fra {m.sender.name}, {formatDateTime(m.genDate)}
            </AppLink>
          </li>
        ))}
      </ul>
    </Fact>
  )
}

/** The HER-id under a name, unless the name already is the HER-id (a party the registry does not know). */
function HerId({ party }: { party: { herId: number; name: string } }) {
  if (party.name === `HER-id ${party.herId}`) return null
  return <span className="app-cell-sub">HER-id {party.herId}</span>
}

function MessageFacts({ message }: { message: MessageView }) {
  const { patient } = message
  return (
    <Card>
      <Facts>
        <Fact term="Fra">
          {partyLabel(message.sender)}
          <HerId party={message.sender} />
        </Fact>
        <Fact term="Til">
          <ul className="app-plain-list">
            {message.receivers.map((r) => (
              <li key={r.herId}>
                {partyLabel(r)}
                {r.role === 'copy' ? ' (kopi)' : ''}
                <HerId party={r} />
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term="Pasient">
          {patient ? (
            <>
              {patient.name}
              {patient.birthDate ? <span className="app-cell-sub">Født {formatDate(patient.birthDate)}</span> : null}
              {patient.nationalId ? (
                <span className="app-cell-sub">
                  {patient.idType === 'DNR' ? 'D-nummer' : 'Fødselsnummer'} {patient.nationalId}
                </span>
              ) : null}
            </>
          ) : (
            'Ikke oppgitt'
          )}
        </Fact>
        <Fact term="Sendt">
          <DateTime value={message.genDate} />
        </Fact>
        <Related label="Svar på" messages={message.inReplyTo ? [message.inReplyTo] : []} />
        <Related label="Svar" messages={message.answers} />
      </Facts>
    </Card>
  )
}

/** Per receiver: delivery, read, the receipt (AppRec) and its errors, which the standard says must be shown. */
function Statuses({ message }: { message: MessageView }) {
  return (
    <section className="app-stack" aria-labelledby="status-heading">
      <Heading level={2} data-size="sm" id="status-heading">
        Status hos mottaker
      </Heading>
      <ul className="app-cards">
        {message.receivers.map((r) => (
          <li key={r.herId}>
            <Card
              data-color="neutral"
              className={
                r.overdue || r.appRecErrors.length > 0 || r.status === 'failed' ? 'app-stack app-stack--tight app-card--danger' : 'app-stack app-stack--tight'
              }
            >
              <Heading level={3} data-size="2xs">
                {partyLabel(r)}
              </Heading>
              <StatusTags tags={[receiverState(r)]} />
              <Facts>
                <Fact term="Levert">{r.deliveredAt ? formatDateTime(r.deliveredAt) : 'Ikke ennå'}</Fact>
                <Fact term="Kvittering">{appRecLabel(r.appRecStatus)}</Fact>
                {r.deadlineAt && r.appRecStatus === null ? <Fact term="Kvitteringsfrist">{formatDateTime(r.deadlineAt)}</Fact> : null}
              </Facts>
              {r.overdue ? (
                <Alert data-color="danger">
                  <Paragraph>Mottakeren har ikke kvittert for meldingen innen fristen. Regn med at den ikke er mottatt, og kontakt mottakeren.</Paragraph>
                </Alert>
              ) : null}
              {r.appRecErrors.length > 0 ? (
                <Alert data-color="danger">
                  <Heading level={4} data-size="2xs">
                    {r.status === 'failed' ? 'Meldingen kunne ikke leveres' : 'Mottakeren avviste meldingen'}
                  </Heading>
                  <ul className="app-plain-list">
                    {r.appRecErrors.map((e, index) => (
                      <li key={`${e.code}-${index}`}>
                        <strong>
                          {e.code}
                          {e.description ? `: ${e.description}` : ''}
                        </strong>
                        {e.text ? <span className="app-cell-main">{e.text}</span> : null}
                      </li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
            </Card>
          </li>
        ))}
      </ul>
    </section>
  )
}

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.problem?.errors?.find((e) => e.path === 'body.text')
    if (field) return `Svaret ${field.message}.`
    if (error.status === 403) return 'Du har ikke tilgang til å svare på denne meldingen.'
    if (error.problem?.detail) return error.problem.detail
  }
  return 'Vi klarte ikke å sende svaret. Prøv igjen.'
}

function AnswerForm({ message, me }: { message: MessageView; me: StaffMe }) {
  const answer = useAnswerMessage(message.id)
  const [text, setText] = useState('')
  const [missing, setMissing] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (text.trim() === '') {
      setMissing(true)
      return
    }
    setMissing(false)
    answer.mutate({ text, csrfToken: me.csrfToken }, { onSuccess: () => setText('') })
  }
  return (
    <section className="app-stack" aria-labelledby="answer-heading">
      <Heading level={2} data-size="sm" id="answer-heading">
        Svar på forespørselen
      </Heading>
      {answer.isSuccess ? (
        <Alert data-color="success" role="status">
          <Paragraph>
            Svaret er sendt til {message.sender.name}. <AppLink to={`${BACK}/${encodeURIComponent(answer.data.id)}`}>Se svaret</AppLink>
          </Paragraph>
        </Alert>
      ) : null}
      <form className="app-stack app-form" onSubmit={submit} noValidate>
        <Textfield
          multiline
          rows={6}
          label="Svaret ditt"
          description={`Sendes som svar til ${partyLabel(message.sender)}.`}
          value={text}
          onChange={(event) => setText(event.target.value)}
          error={missing ? 'Skriv et svar.' : undefined}
          maxLength={10000}
        />
        <ErrorAlert message={answer.isError ? problemText(answer.error) : null} />
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
 * Once the message is on the screen, the service tells the sender it has it: marked read and the AppRec OK sent, with
 * a POST behind the CSRF token (opening a link alone changes nothing). The message stays shown if that fails; the
 * nurse can try again.
 */
function Receipt({ message, me }: { message: MessageView; me: StaffMe }) {
  const receipt = useReceipt(message.id)
  const asked = useRef<string | null>(null)
  const { mutate } = receipt
  useEffect(() => {
    if (!message.receiptDue || asked.current === message.id) return
    asked.current = message.id
    mutate(me.csrfToken)
  }, [message.id, message.receiptDue, me.csrfToken, mutate])
  if (!receipt.isError) return null
  return (
    <Alert data-color="warning" role="alert">
      <Paragraph>
        Vi klarte ikke å markere meldingen som lest og sende kvittering til {message.sender.name}. Meldingen vises likevel. Prøv igjen, ellers får avsenderen
        beskjed om manglende kvittering etter fristen.
      </Paragraph>
      <Button type="button" variant="secondary" data-size="sm" loading={receipt.isPending} onClick={() => receipt.mutate(me.csrfToken)}>
        Marker som lest og send kvittering
      </Button>
    </Alert>
  )
}

/**
 * A sent message a receiver refused, could not get, or did not receipt in time: sent again as a new message (new
 * MsgId, the same content) to those receivers only, as the rules for a negative or missing AppRec say.
 */
function Resend({ message, me }: { message: MessageView; me: StaffMe }) {
  const resend = useResendMessage(message.id)
  const key = useIdempotencyKey()
  const navigate = useNavigate()
  const send = () =>
    resend.mutate(
      { csrfToken: me.csrfToken, idempotencyKey: key.current() },
      {
        onSuccess: (created) => {
          key.reset()
          void navigate(`${BACK}/${encodeURIComponent(created.id)}?sendt=1`)
        },
      },
    )
  return (
    <section className="app-stack" aria-labelledby="resend-heading">
      <Heading level={2} data-size="sm" id="resend-heading">
        Send på nytt
      </Heading>
      <Paragraph>
        Meldingen sendes som en ny melding med samme innhold til mottakerne som avviste den, ikke kunne nås eller ikke kvitterte innen fristen. Mottakere som
        har kvittert, får den ikke igjen.
      </Paragraph>
      <ErrorAlert message={resend.isError ? problemDetail(resend.error, 'Vi klarte ikke å sende meldingen på nytt. Prøv igjen.') : null} />
      <div>
        <Button type="button" variant="secondary" loading={resend.isPending} onClick={send}>
          Send meldingen på nytt
        </Button>
      </div>
    </section>
  )
}

function Message({ id, me }: { id: string; me: StaffMe }) {
  const message = useMessage(id)
  const [params] = useSearchParams()
  const title = message.data ? (message.data.subject ?? message.data.msgTypeName) : 'Melding'
  useDocumentTitle(title)
  return (
    <PageQuery
      query={message}
      back={BACK_TO_INBOX}
      notFound={{ title: 'Fant ikke meldingen', text: 'Meldingen finnes ikke, eller tjenesten du handler for er verken avsender eller mottaker av den.' }}
      failedTitle="Vi klarte ikke å hente meldingen"
    >
      {(m) => <MessageDetail message={m} title={title} me={me} sentNote={params.get('sendt') === '1'} />}
    </PageQuery>
  )
}

function MessageDetail({ message: m, title, me, sentNote }: { message: MessageView; title: string; me: StaffMe; sentNote: boolean }) {
  const isAnswer = m.msgType === 'DIALOG_SVAR'
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader
        back={m.direction === 'sent' ? BACK_TO_SENT : BACK_TO_INBOX}
        eyebrow={
          <>
            {m.msgTypeName} · {m.direction === 'received' ? 'mottatt' : 'sendt'}
          </>
        }
        title={title}
      />
      {sentNote ? (
        <Alert data-color="success">
          <Paragraph>Meldingen er sendt. Du ser status og kvittering fra mottakeren nedenfor.</Paragraph>
        </Alert>
      ) : null}
      {m.direction === 'received' ? <Receipt message={m} me={me} /> : null}
      <MessageFacts message={m} />
      <div className="app-stack">
        {m.dialog ? (
          <>
            {m.dialog.questions.map((q, index) => (
              <QuestionBlock key={`q-${index}`} question={q} heading="Forespørsel" pageTitle={title} />
            ))}
            {m.dialog.notes.map((n, index) => (
              <NoteBlock key={`n-${index}`} note={n} isAnswer={isAnswer} pageTitle={title} />
            ))}
          </>
        ) : (
          <Paragraph>Innholdet i denne meldingstypen kan ikke vises i portalen. Åpne den i fagsystemet.</Paragraph>
        )}
        {m.attachments.length > 0 ? (
          <section className="app-stack app-stack--tight" aria-labelledby="attachments-heading">
            <Heading level={2} data-size="sm" id="attachments-heading">
              Vedlegg
            </Heading>
            <ul className="app-plain-list">
              {m.attachments.map((a, index) => (
                <li key={`a-${index}`}>
                  {a.description ?? 'Vedlegg uten beskrivelse'}
                  <span className="app-cell-sub">
                    {[a.mimeType, a.sizeBytes !== null ? formatBytes(a.sizeBytes) : null, a.inline ? null : 'lenke til fil'].filter(Boolean).join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <Statuses message={m} />
      {m.canResend ? <Resend key={m.id} message={m} me={me} /> : null}
      {m.canAnswer ? <AnswerForm message={m} me={me} /> : null}
    </div>
  )
}

function MessageRoute({ me }: { me: StaffMe }) {
  const { id } = useParams()
  if (!id) return <PageError />
  return <Message id={id} me={me} />
}

export function MessagePage() {
  return <RequireMessaging>{(me) => <MessageRoute me={me} />}</RequireMessaging>
}
