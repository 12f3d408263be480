import { Alert, Button, Fieldset, Heading, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { ApiError } from '../../api/http.ts'
import { type MessageService, useCreateThread, useMessageServices } from '../../api/innbygger/citizen-messages.ts'
import type { CitizenMe } from '../../api/me.ts'
import { MAX_BODY_LENGTH as MAX_BODY, MAX_SUBJECT_LENGTH as MAX_SUBJECT } from '../../api/threads.ts'
import { CharacterCounter } from '../../components/CharacterCounter.tsx'
import { AttachmentPicker, type PendingAttachment, toNewAttachments, UploadProgress } from '../../components/AttachmentPicker.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrorSummary.tsx'
import { type ActingAs, actingAsCovers } from '../../components/innbygger/acting-as.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useIdempotencyKey } from '../../components/use-idempotency-key.ts'
import { EMERGENCY_NOTE, serviceEndingText } from '../../text/citizen-messages.ts'
import { formatLastDayBefore } from '../../text/oslo-time.ts'

const INBOX = '/innbygger/meldinger'

type Field = 'service' | 'subject' | 'body' | 'attachments'
type Errors = Partial<Record<Field, string>>

const FIELD_IDS: Record<Exclude<Field, 'service'>, string> = {
  subject: 'thread-subject',
  body: 'thread-body',
  attachments: 'thread-attachments',
}
const serviceRadioId = (serviceId: string) => `service-${serviceId}`

function validate(input: { serviceId: string | null; subject: string; body: string }): Errors {
  const errors: Errors = {}
  if (!input.serviceId) errors.service = 'Velg hvem du vil skrive til.'
  if (input.subject.trim() === '') errors.subject = 'Skriv et emne.'
  else if (input.subject.length > MAX_SUBJECT) errors.subject = `Emnet kan ha høyst ${MAX_SUBJECT} tegn.`
  if (input.body.trim() === '') errors.body = 'Skriv meldingen.'
  else if (input.body.length > MAX_BODY) errors.body = `Meldingen kan ha høyst ${MAX_BODY.toLocaleString('nb-NO')} tegn.`
  return errors
}

/** The server's answer on the fields it concerns, and its detail (never personal data) for the rest. */
function fromProblem(error: unknown): { fields: Errors; general: string | null } {
  const fallback = 'Vi klarte ikke å sende meldingen. Prøv igjen om litt.'
  if (!(error instanceof ApiError)) return { fields: {}, general: `${fallback} Sjekk at du er koblet til internett.` }
  const fields: Errors = {}
  for (const e of error.problem?.errors ?? []) {
    // The attachments' detail says what is accepted; the other fields' messages complete a sentence ("må fylles ut").
    if (e.path.startsWith('body.attachments')) fields.attachments ??= error.problem?.detail ?? `Vedlegget ${e.message}.`
    else if (e.path === 'body.subject') fields.subject ??= `Emnet ${e.message}.`
    else if (e.path === 'body.body') fields.body ??= `Meldingen ${e.message}.`
    else if (e.path === 'body.serviceId') fields.service ??= 'Velg hvem du vil skrive til.'
  }
  if (Object.keys(fields).length > 0) return { fields, general: null }
  if (error.status === 413) return { fields: { attachments: 'Vedleggene er for store til å sendes. Fjern noen og prøv igjen.' }, general: null }
  return { fields: {}, general: error.problem?.detail ?? fallback }
}

function serviceDescription(service: MessageService): string {
  return [service.organisationName, service.answerTime, serviceEndingText(service)].filter(Boolean).join(' · ')
}

function NoServices({ actingAs, ended }: { actingAs: ActingAs; ended: MessageService[] }) {
  const who = actingAs.isSelf ? 'Du' : actingAs.name
  return (
    <section className="app-stack" aria-labelledby="no-services-heading">
      <Heading level={2} data-size="sm" id="no-services-heading">
        Ingen tjenester å skrive til
      </Heading>
      <Paragraph>
        {who} får ikke hjelp fra en kommunal helse- og omsorgstjeneste som tar imot meldinger i Samband nå. Du kan skrive til tjenester som{' '}
        {actingAs.isSelf ? 'du' : actingAs.name} får hjelp fra, når kommunen har tatt i bruk meldinger for tjenesten.
      </Paragraph>
      {ended.length > 0 ? (
        <Paragraph>
          Disse tjenestene tar ikke lenger imot meldinger i Samband: {ended.map((s) => `${s.serviceName} (${s.organisationName})`).join(', ')}.
        </Paragraph>
      ) : null}
      <Paragraph>
        Trenger du å nå en tjeneste, kan du ringe.{' '}
        {actingAsCovers(actingAs, 'health-contacts') ? <AppLink to="/innbygger/helsekontakter">Se telefonnumre under Helsekontakter</AppLink> : null}
      </Paragraph>
    </section>
  )
}

function NewThreadForm({ me, actingAs, services }: { me: CitizenMe; actingAs: ActingAs; services: MessageService[] }) {
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const create = useCreateThread(actingAs.personId)
  const idempotencyKey = useIdempotencyKey()
  const requested = params.get('tjeneste')
  const initial = services.find((s) => s.serviceId === requested)?.serviceId ?? (services.length === 1 ? (services[0]?.serviceId ?? null) : null)
  const [serviceId, setServiceId] = useState<string | null>(initial)
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [attachments, setAttachments] = useState<PendingAttachment[]>([])
  const fieldErrors = useFieldErrors<Field>()
  const { errors } = fieldErrors
  const [general, setGeneral] = useState<string | null>(null)
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null)

  const chosen = services.find((s) => s.serviceId === serviceId) ?? null
  // Any change makes it another message: it gets its own Idempotency-Key, and the field's old error goes.
  const edited = (field: Field) => {
    idempotencyKey.reset()
    fieldErrors.clear(field)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (create.isPending) return
    setGeneral(null)
    const found = validate({ serviceId, subject, body })
    if (Object.keys(found).length > 0 || !serviceId) return fieldErrors.show(found)
    fieldErrors.reset()
    create.mutate(
      {
        thread: { serviceId, subject: subject.trim(), body, ...(attachments.length > 0 ? { attachments: toNewAttachments(attachments) } : {}) },
        csrfToken: me.csrfToken,
        idempotencyKey: idempotencyKey.current(),
        ...(attachments.length > 0 ? { onProgress: setUpload } : {}),
      },
      {
        onSettled: () => setUpload(null),
        onSuccess: (thread) => {
          idempotencyKey.reset()
          navigate(`${INBOX}/${encodeURIComponent(thread.id)}?sendt=1`)
        },
        onError: (error) => {
          const { fields, general: message } = fromProblem(error)
          if (Object.keys(fields).length > 0) fieldErrors.show(fields)
          setGeneral(message)
        },
      },
    )
  }

  const fieldHref = (field: Field) => `#${field === 'service' ? serviceRadioId(chosen?.serviceId ?? services[0]?.serviceId ?? '') : FIELD_IDS[field]}`
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate>
      <FieldErrorSummary key={fieldErrors.attempt} heading="Rett opp dette før du sender:" errors={fieldErrors.list} href={fieldHref} />

      <Fieldset>
        <Fieldset.Legend>Hvem vil du skrive til?</Fieldset.Legend>
        <Fieldset.Description>
          {actingAs.isSelf ? 'Tjenester du får hjelp fra' : `Tjenester ${actingAs.name} får hjelp fra`}, og som tar imot meldinger.
        </Fieldset.Description>
        {services.map((s) => (
          <Radio
            key={s.serviceId}
            id={serviceRadioId(s.serviceId)}
            name="service"
            value={s.serviceId}
            label={s.serviceName}
            description={serviceDescription(s)}
            checked={serviceId === s.serviceId}
            onChange={() => {
              setServiceId(s.serviceId)
              edited('service')
            }}
            error={errors.service ? true : undefined}
          />
        ))}
      </Fieldset>
      {chosen?.endsAt ? (
        <Alert data-color="warning">
          <Paragraph>
            {chosen.organisationName} slutter å bruke meldinger i Samband. Du kan skrive til {chosen.serviceName} her til og med{' '}
            {formatLastDayBefore(chosen.endsAt)}.
          </Paragraph>
        </Alert>
      ) : null}

      <Textfield
        id={FIELD_IDS.subject}
        label="Emne"
        description="Skriv kort hva det gjelder."
        value={subject}
        onChange={(event) => {
          setSubject(event.target.value)
          edited('subject')
        }}
        error={errors.subject}
        autoComplete="off"
      />
      <CharacterCounter id={`${FIELD_IDS.subject}-counter`} text={subject} limit={MAX_SUBJECT} />
      <Textfield
        id={FIELD_IDS.body}
        multiline
        rows={8}
        label="Melding"
        value={body}
        onChange={(event) => {
          setBody(event.target.value)
          edited('body')
        }}
        error={errors.body}
      />
      <CharacterCounter id={`${FIELD_IDS.body}-counter`} text={body} limit={MAX_BODY} />
      <AttachmentPicker
        id={FIELD_IDS.attachments}
        attachments={attachments}
        onChange={(next) => {
          setAttachments(next)
          edited('attachments')
        }}
        error={errors.attachments}
      />
      <Paragraph className="app-notice">
        {chosen ? `${chosen.serviceName}: ${chosen.answerTime}.` : `${services[0]?.answerTime ?? 'Svar innen én virkedag'}.`} Du får et varsel på SMS eller
        e-post når tjenesten har svart.
      </Paragraph>
      <UploadProgress id="thread-upload-progress" progress={create.isPending && attachments.length > 0 ? (upload ?? { sent: 0, total: 0 }) : null} />
      <ErrorAlert message={general} />
      <div className="app-actions">
        <Button type="submit" loading={create.isPending}>
          Send melding
        </Button>
        <AppLink to={INBOX}>Avbryt</AppLink>
      </div>
    </form>
  )
}

function NewThread({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  useDocumentTitle('Ny melding')
  const services = useMessageServices(actingAs.personId)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: INBOX, label: 'Tilbake til meldinger' }} title="Ny melding">
        <Paragraph className="app-intro">
          {actingAs.isSelf
            ? 'Skriv til en kommunal helse- og omsorgstjeneste du får hjelp fra.'
            : `Du skriver på vegne av ${actingAs.name}. Tjenesten svarer ${actingAs.name}, og ser at det er du som har skrevet meldingen.`}
        </Paragraph>
        <Alert data-color="info">
          <Paragraph>{EMERGENCY_NOTE}</Paragraph>
        </Alert>
      </PageHeader>
      <QueryContent query={services} error="Vi klarte ikke å hente tjenestene du kan skrive til.">
        {(data) => {
          const open = data.items.filter((s) => s.open)
          const ended = data.items.filter((s) => !s.open)
          return open.length === 0 ? <NoServices actingAs={actingAs} ended={ended} /> : <NewThreadForm me={me} actingAs={actingAs} services={open} />
        }}
      </QueryContent>
    </div>
  )
}

export function CitizenNewThreadPage() {
  return (
    <RequireCitizenArea area="messages" what="meldinger">
      {(me, actingAs) => <NewThread key={actingAs.personId} me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
