import { Button, Fieldset, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, type KeyboardEvent, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { type NewMessage, type Party, useParties, useParty, useSendMessage } from '../../api/helsepersonell/exchange.ts'
import { ApiError } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrorSummary.tsx'
import { PatientCheck } from '../../components/helsepersonell/PatientCheck.tsx'
import { RequireMessaging } from '../../components/helsepersonell/RequireMessaging.tsx'
import { AppLink } from '../../components/links.tsx'
import { NationalIdField } from '../../components/NationalIdField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { partyKindLabel } from '../../text/exchange.ts'
import { formatOrganisationNumber } from '../../text/format.ts'
import { nationalIdDigits, nationalIdProblem } from '../../text/national-id.ts'

type Kind = NewMessage['kind']
type Field = 'receiver' | 'kind' | 'patient' | 'subject' | 'text'
type Errors = Partial<Record<Field, string>>

const MSG_TYPE: Record<Kind, string> = { foresporsel: 'DIALOG_FORESPORSEL', notat: 'DIALOG_NOTAT' }
const FIELD_IDS: Record<Field, string> = {
  receiver: 'receiver-search',
  kind: 'kind-foresporsel',
  patient: 'patient-national-id',
  subject: 'message-subject',
  text: 'message-text',
}
const SERVER_FIELDS: Record<string, Field> = {
  'body.receiverHerId': 'receiver',
  'body.kind': 'kind',
  'body.patientNationalId': 'patient',
  'body.subject': 'subject',
  'body.text': 'text',
}

function partyDescription(p: Party): string {
  return [
    `HER-id ${p.herId}`,
    p.parent ? p.parent.name : null,
    p.organisationNumber ? `org.nr. ${formatOrganisationNumber(p.organisationNumber)}` : null,
    partyKindLabel(p.kind).toLowerCase(),
  ]
    .filter(Boolean)
    .join(' · ')
}

function validate(input: { receiver: Party | null; patient: string; subject: string; text: string }): Errors {
  const errors: Errors = {}
  if (!input.receiver) errors.receiver = 'Velg en mottaker fra adresseregisteret.'
  const patient = nationalIdProblem(input.patient, 'Skriv pasientens fødselsnummer eller D-nummer.')
  if (patient) errors.patient = patient
  if (input.subject.trim() === '') errors.subject = 'Skriv et emne.'
  if (input.text.trim() === '') errors.text = 'Skriv meldingen.'
  return errors
}

/** The server's answer as messages on the fields they concern; the rest as one message for the whole form. */
function fromProblem(error: unknown): { fields: Errors; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: 'Vi klarte ikke å sende meldingen. Prøv igjen.' }
  const problem = error.problem
  if (problem?.code === 'invalid-national-id')
    return { fields: { patient: 'Fødselsnummeret har feil kontrollsiffer. Sjekk at det er skrevet riktig.' }, general: null }
  if (error.status === 403) {
    return {
      fields: { patient: 'Du kan ikke sende melding om denne pasienten. Tjenesten din må ha et behandlingsforhold til pasienten.' },
      general: null,
    }
  }
  const fields: Errors = {}
  for (const e of problem?.errors ?? []) {
    const field = SERVER_FIELDS[e.path]
    if (field && !fields[field]) fields[field] = field === 'receiver' ? `Mottakeren ${e.message}.` : `Feltet ${e.message}.`
  }
  if (Object.keys(fields).length > 0) return { fields, general: null }
  return { fields: {}, general: problem?.detail ?? 'Vi klarte ikke å sende meldingen. Prøv igjen.' }
}

function ReceiverPicker({
  kind,
  chosen,
  onChoose,
  error,
}: {
  kind: Kind
  chosen: Party | null
  onChoose: (p: Party | null) => void
  error?: string | undefined
}) {
  const [input, setInput] = useState('')
  const [query, setQuery] = useState<string | null>(null)
  const parties = useParties({ q: query ?? '', receives: MSG_TYPE[kind], limit: 10 }, query !== null)
  const search = () => setQuery(input.trim())
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter searches here instead of sending the whole form.
    if (event.key === 'Enter') {
      event.preventDefault()
      search()
    }
  }
  return (
    <Fieldset className="app-stack">
      <Fieldset.Legend>Mottaker</Fieldset.Legend>
      {chosen ? (
        <div className="app-chosen" aria-live="polite">
          <Paragraph>
            <strong>{chosen.name}</strong>
            <span className="app-cell-sub">{partyDescription(chosen)}</span>
          </Paragraph>
          <Button type="button" variant="secondary" data-size="sm" onClick={() => onChoose(null)}>
            Velg en annen mottaker
          </Button>
        </div>
      ) : (
        <>
          <div className="app-search-row">
            <Textfield
              id={FIELD_IDS.receiver}
              label="Søk i adresseregisteret"
              description="Navn, HER-id eller organisasjonsnummer. Bare mottakere som tar imot meldingstypen vises."
              value={input}
              onChange={(event) => setInput(event.target.value)}
              onKeyDown={onKeyDown}
              error={error}
              autoComplete="off"
            />
            <Button type="button" variant="secondary" onClick={search}>
              Søk
            </Button>
          </div>
          {query === null ? null : parties.isPending ? (
            <Loading />
          ) : parties.isError ? (
            <SectionError message="Vi klarte ikke å søke i adresseregisteret." onRetry={() => void parties.refetch()} />
          ) : parties.data.items.length === 0 ? (
            <Paragraph aria-live="polite">Ingen treff som tar imot denne meldingstypen.</Paragraph>
          ) : (
            <Fieldset>
              <Fieldset.Legend>Velg mottaker ({parties.data.total} treff)</Fieldset.Legend>
              {parties.data.items.map((p) => (
                <Radio key={p.herId} name="receiver" value={String(p.herId)} label={p.name} description={partyDescription(p)} onChange={() => onChoose(p)} />
              ))}
              {parties.data.total > parties.data.items.length ? (
                <Paragraph data-size="sm">Viser de {parties.data.items.length} første. Skriv mer for å snevre inn søket.</Paragraph>
              ) : null}
            </Fieldset>
          )}
        </>
      )}
    </Fieldset>
  )
}

function NewMessageForm({ me, preselected }: { me: StaffMe; preselected: Party | null }) {
  const navigate = useNavigate()
  const send = useSendMessage()
  const [receiver, setReceiver] = useState<Party | null>(preselected)
  const [kind, setKind] = useState<Kind>('foresporsel')
  const [patient, setPatient] = useState('')
  const [subject, setSubject] = useState('')
  const [text, setText] = useState('')
  const fieldErrors = useFieldErrors<Field>()
  const { errors, clear: edited } = fieldErrors
  const [general, setGeneral] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const found = validate({ receiver, patient, subject, text })
    if (Object.keys(found).length > 0 || !receiver) return fieldErrors.show(found)
    fieldErrors.reset()
    send.mutate(
      {
        message: { kind, receiverHerId: receiver.herId, patientNationalId: nationalIdDigits(patient), subject: subject.trim(), text },
        csrfToken: me.csrfToken,
      },
      {
        onSuccess: (created) => navigate(`/helsepersonell/meldinger/${encodeURIComponent(created.id)}?sendt=1`),
        onError: (error) => {
          const { fields, general: message } = fromProblem(error)
          if (Object.keys(fields).length > 0) fieldErrors.show(fields)
          setGeneral(message)
        },
      },
    )
  }

  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate>
      <FieldErrorSummary key={fieldErrors.attempt} heading="Rett opp dette før du sender:" errors={fieldErrors.list} href={(field) => `#${FIELD_IDS[field]}`} />

      <ReceiverPicker
        kind={kind}
        chosen={receiver}
        onChoose={(party) => {
          setReceiver(party)
          edited('receiver')
        }}
        error={errors.receiver}
      />

      <Fieldset>
        <Fieldset.Legend>Type melding</Fieldset.Legend>
        <Radio
          id={FIELD_IDS.kind}
          name="kind"
          value="foresporsel"
          label="Forespørsel"
          description="Du ber mottakeren om svar."
          checked={kind === 'foresporsel'}
          onChange={() => setKind('foresporsel')}
        />
        <Radio
          name="kind"
          value="notat"
          label="Notat"
          description="Til orientering. Mottakeren trenger ikke svare."
          checked={kind === 'notat'}
          onChange={() => setKind('notat')}
        />
      </Fieldset>

      <NationalIdField
        id={FIELD_IDS.patient}
        label="Pasientens fødselsnummer"
        description="11 siffer, eller D-nummer. Tjenesten din må ha et behandlingsforhold til pasienten."
        value={patient}
        onChange={(value) => {
          setPatient(value)
          edited('patient')
        }}
        error={errors.patient}
      />
      <PatientCheck nationalId={/^\d{11}$/.test(nationalIdDigits(patient)) ? nationalIdDigits(patient) : null} csrfToken={me.csrfToken} />
      <Textfield
        id={FIELD_IDS.subject}
        label="Emne"
        value={subject}
        onChange={(event) => {
          setSubject(event.target.value)
          edited('subject')
        }}
        error={errors.subject}
        maxLength={200}
      />
      <Textfield
        id={FIELD_IDS.text}
        multiline
        rows={8}
        label="Melding"
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          edited('text')
        }}
        error={errors.text}
        maxLength={10000}
      />
      <ErrorAlert message={general} />
      <div className="app-actions">
        <Button type="submit" loading={send.isPending}>
          Send melding
        </Button>
        <AppLink to="/helsepersonell/meldinger">Avbryt</AppLink>
      </div>
    </form>
  )
}

function NewMessageView({ me }: { me: StaffMe }) {
  useDocumentTitle('Ny melding')
  const [params] = useSearchParams()
  const requested = Number(params.get('mottaker'))
  const herId = Number.isInteger(requested) && requested > 0 ? requested : null
  const party = useParty(herId)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell/meldinger', label: 'Tilbake til meldinger' }} title="Ny melding">
        <Paragraph className="app-intro">
          Send en dialogmelding om en pasient fra {me.service?.name}
          {me.organisation ? `, ${me.organisation.name}` : ''}. Mottakeren får den i sitt fagsystem eller i Samband, og du ser kvitteringen under Sendt.
        </Paragraph>
      </PageHeader>
      {herId !== null && party.isPending ? <Loading /> : <NewMessageForm me={me} preselected={party.data ?? null} />}
    </div>
  )
}

export function NewMessagePage() {
  return <RequireMessaging>{(me) => <NewMessageView me={me} />}</RequireMessaging>
}
