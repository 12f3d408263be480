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
import { translate, useTexts } from '../../i18n/texts.ts'
import { emergencyNote, serverText, serviceEndingText, tooLargeText } from '../../text/citizen-messages.ts'
import { citizenMessagesTexts } from '../../text/citizen-messages.texts.ts'
import { formatNumber } from '../../text/format.ts'
import { formatLastDayBefore } from '../../text/oslo-time.ts'
import { citizenNewThreadTexts as texts } from './citizen-new-thread.texts.ts'
import { citizenThreadTexts } from './citizen-thread.texts.ts'

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
  if (!input.serviceId) errors.service = translate(texts, 'chooseService')
  if (input.subject.trim() === '') errors.subject = translate(texts, 'writeSubject')
  else if (input.subject.length > MAX_SUBJECT) errors.subject = translate(texts, 'subjectTooLong', { limit: formatNumber(MAX_SUBJECT) })
  if (input.body.trim() === '') errors.body = translate(citizenThreadTexts, 'writeMessage')
  else if (input.body.length > MAX_BODY) errors.body = translate(texts, 'bodyTooLong', { limit: formatNumber(MAX_BODY) })
  return errors
}

/** The server's answer on the fields it concerns, and its detail (never personal data) for the rest. */
function fromProblem(error: unknown): { fields: Errors; general: string | null } {
  const fallback = translate(citizenThreadTexts, 'sendFailed')
  if (!(error instanceof ApiError)) return { fields: {}, general: translate(texts, 'checkConnection', { problem: fallback }) }
  const fields: Errors = {}
  for (const e of error.problem?.errors ?? []) {
    // The attachments' detail says what is accepted; the other fields' messages complete a sentence ("må fylles ut").
    // In nynorsk and English the server's bokmål reason is shown after a sentence of our own.
    const detail = error.problem?.detail
    if (e.path.startsWith('body.attachments'))
      fields.attachments ??= detail ? serverText(detail) : translate(texts, 'attachmentRefused', { message: e.message })
    else if (e.path === 'body.subject') fields.subject ??= translate(texts, 'subjectRefused', { message: e.message })
    else if (e.path === 'body.body') fields.body ??= translate(texts, 'bodyRefused', { message: e.message })
    else if (e.path === 'body.serviceId') fields.service ??= translate(texts, 'chooseService')
  }
  if (Object.keys(fields).length > 0) return { fields, general: null }
  if (error.status === 413) return { fields: { attachments: tooLargeText() }, general: null }
  return { fields: {}, general: error.problem?.detail ? serverText(error.problem.detail) : fallback }
}

function serviceDescription(service: MessageService): string {
  return [service.organisationName, serverText(service.answerTime), serviceEndingText(service)].filter(Boolean).join(' · ')
}

function NoServices({ actingAs, ended }: { actingAs: ActingAs; ended: MessageService[] }) {
  const t = useTexts(texts)
  return (
    <section className="app-stack" aria-labelledby="no-services-heading">
      <Heading level={2} data-size="sm" id="no-services-heading">
        {t('noServicesHeading')}
      </Heading>
      <Paragraph>{actingAs.isSelf ? t('noServicesSelf') : t('noServicesOther', { name: actingAs.name })}</Paragraph>
      {ended.length > 0 ? (
        <Paragraph>{t('endedServices', { services: ended.map((s) => `${s.serviceName} (${s.organisationName})`).join(', ') })}</Paragraph>
      ) : null}
      <Paragraph>
        {t('youCanCall')} {actingAsCovers(actingAs, 'health-contacts') ? <AppLink to="/innbygger/helsekontakter">{t('seePhones')}</AppLink> : null}
      </Paragraph>
    </section>
  )
}

function NewThreadForm({ me, actingAs, services }: { me: CitizenMe; actingAs: ActingAs; services: MessageService[] }) {
  const navigate = useNavigate()
  const t = useTexts(texts)
  const tt = useTexts(citizenThreadTexts)
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
      <FieldErrorSummary key={fieldErrors.attempt} heading={t('errorsHeading')} errors={fieldErrors.list} href={fieldHref} />

      <Fieldset>
        <Fieldset.Legend>{t('whomLegend')}</Fieldset.Legend>
        <Fieldset.Description>{actingAs.isSelf ? t('whomSelf') : t('whomOther', { name: actingAs.name })}</Fieldset.Description>
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
            {tt('serviceEnding', { organisation: chosen.organisationName, service: chosen.serviceName, date: formatLastDayBefore(chosen.endsAt) })}
          </Paragraph>
        </Alert>
      ) : null}

      <Textfield
        id={FIELD_IDS.subject}
        label={t('subject')}
        description={t('subjectDescription')}
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
        label={tt('message')}
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
        {chosen
          ? t('answerNoteFor', { service: chosen.serviceName, answerTime: serverText(chosen.answerTime) })
          : t('answerNote', { answerTime: serverText(services[0]?.answerTime ?? citizenMessagesTexts.catalogues.nb.answerTime) })}
      </Paragraph>
      <UploadProgress id="thread-upload-progress" progress={create.isPending && attachments.length > 0 ? (upload ?? { sent: 0, total: 0 }) : null} />
      <ErrorAlert message={general} />
      <div className="app-actions">
        <Button type="submit" loading={create.isPending}>
          {tt('sendMessage')}
        </Button>
        <AppLink to={INBOX}>{t('cancel')}</AppLink>
      </div>
    </form>
  )
}

function NewThread({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const t = useTexts(texts)
  useDocumentTitle(t('title'))
  const services = useMessageServices(actingAs.personId)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: INBOX, label: translate(citizenThreadTexts, 'backToMessages') }} title={t('title')}>
        <Paragraph className="app-intro">{actingAs.isSelf ? t('introSelf') : t('introOther', { name: actingAs.name })}</Paragraph>
        <Alert data-color="info">
          <Paragraph>{emergencyNote()}</Paragraph>
        </Alert>
      </PageHeader>
      <QueryContent query={services} error={t('loadFailed')}>
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
  const t = useTexts(citizenThreadTexts)
  return (
    <RequireCitizenArea area="messages" what={t('what')}>
      {(me, actingAs) => <NewThread key={actingAs.personId} me={me} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
