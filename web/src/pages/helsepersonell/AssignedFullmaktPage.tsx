import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type AssignedFullmaktList, type Fullmakt, useAssignedFullmakter, useEndAssignedFullmakt, useRegisterAssignedFullmakt } from '../../api/fullmakter.ts'
import { ApiError } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { AccessDenied } from '../../components/AccessDenied.tsx'
import { ArticleCard } from '../../components/ArticleCard.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrorSummary.tsx'
import { EndDialog, EndFullmaktButton } from '../../components/fullmakt/EndFullmaktDialog.tsx'
import { ALL_AREAS, AreaTags, type TermsErrors, TermsFields } from '../../components/fullmakt/FullmaktTermsFields.tsx'
import { useNewFullmakt } from '../../components/fullmakt/use-new-fullmakt.ts'
import { canUseMessages } from '../../components/helsepersonell/RequireMessaging.tsx'
import { NationalIdField } from '../../components/NationalIdField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Loading } from '../../components/PageStates.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { endedText, fieldOfProblem, problemText, validityText } from '../../text/fullmakt.ts'
import { nationalIdDigits, nationalIdProblem } from '../../text/national-id.ts'
import { formatDate } from '../../text/oslo-time.ts'

const REASON_MIN = 10

function FindPatient({ onFind, error }: { onFind: (nationalId: string) => void; error?: string | undefined }) {
  const [value, setValue] = useState('')
  const [own, setOwn] = useState<string | undefined>()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problem = nationalIdProblem(value, 'Skriv fødselsnummeret til pasienten.')
    setOwn(problem)
    if (!problem) onFind(nationalIdDigits(value))
  }
  return (
    <form className="app-search-form app-stack" onSubmit={submit} noValidate aria-labelledby="find-heading">
      <Heading level={2} data-size="sm" id="find-heading">
        Finn pasienten
      </Heading>
      <div className="app-search-row">
        <NationalIdField
          id="patient-national-id"
          label="Pasientens fødselsnummer"
          description="Den som fullmakten gis fra. Tjenesten din må ha et behandlingsforhold til pasienten."
          value={value}
          onChange={setValue}
          error={own ?? error}
        />
        <Button type="submit" variant="secondary">
          Finn
        </Button>
      </div>
    </form>
  )
}

function AssignedCard({ f, onEnd }: { f: Fullmakt; onEnd?: () => void }) {
  const headingId = `assigned-${f.id}`
  return (
    <ArticleCard headingId={headingId} title={<>Til {f.proxy.name}</>}>
      <Facts>
        <Fact term="Fullmektig født">{formatDate(f.proxy.birthDate)}</Fact>
        <Fact term="Gjelder">
          <AreaTags areas={f.areas} />
        </Fact>
        <Fact term="Gyldig">
          Fra {formatDate(f.validFrom)}. {validityText(f)}.
        </Fact>
        {f.registeredBy ? <Fact term="Registrert av">{f.registeredBy.name}</Fact> : null}
        {onEnd ? null : <Fact term="Status">{endedText(f)}</Fact>}
      </Facts>
      {onEnd ? (
        <div>
          <EndFullmaktButton which={`til ${f.proxy.name}`} onClick={onEnd} />
        </div>
      ) : null}
    </ArticleCard>
  )
}

type Field = 'proxy' | 'reason' | 'areas' | 'validTo'
const FIELD_IDS: Record<Field, string> = { proxy: 'assigned-proxy', reason: 'assigned-reason', areas: 'assigned-area-first', validTo: 'assigned-last-day' }

function RegisterForm({
  me,
  serviceId,
  giverNationalId,
  onRegistered,
}: {
  me: StaffMe
  serviceId: string
  giverNationalId: string
  onRegistered: (f: Fullmakt) => void
}) {
  const register = useRegisterAssignedFullmakt(serviceId)
  const fullmakt = useNewFullmakt()
  const [reason, setReason] = useState('')
  const fieldErrors = useFieldErrors<Field>()
  const { errors } = fieldErrors
  const [general, setGeneral] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const found: Partial<Record<Field, string>> = fullmakt.problems()
    if (reason.trim().length < REASON_MIN) found.reason = 'Skriv hvorfor pasienten ikke kan samtykke selv (minst 10 tegn).'
    if (Object.keys(found).length > 0) return fieldErrors.show(found)
    fieldErrors.reset()
    register.mutate(
      {
        fullmakt: { giverNationalId, proxyNationalId: fullmakt.proxyNationalId(), reason: reason.trim(), ...fullmakt.termsRequest() },
        csrfToken: me.csrfToken,
      },
      {
        onSuccess: (f) => {
          fullmakt.clear()
          setReason('')
          onRegistered(f)
        },
        onError: (error) => {
          const field = fieldOfProblem(error)
          const text = problemText(error, 'Vi klarte ikke å registrere fullmakten. Prøv igjen om litt.')
          if (field === 'proxy' || field === 'areas' || field === 'validTo') fieldErrors.show({ [field]: text })
          else if (error instanceof ApiError && error.problem?.errors?.[0]?.path.endsWith('reason')) fieldErrors.show({ reason: text })
          else setGeneral(text)
        },
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="register-heading">
      <Heading level={2} data-size="sm" id="register-heading">
        Registrer en tildelt fullmakt
      </Heading>
      <FieldErrorSummary
        key={fieldErrors.attempt}
        heading="Rett opp dette før du registrerer:"
        errors={fieldErrors.list}
        href={(field) => `#${FIELD_IDS[field]}`}
      />
      <NationalIdField
        id={FIELD_IDS.proxy}
        label="Fødselsnummeret til den som skal få fullmakt"
        description="Vanligvis en pårørende. Personen må ha fylt 18 år."
        value={fullmakt.proxy}
        onChange={fullmakt.setProxy}
        error={errors.proxy}
      />
      <TermsFields idPrefix="assigned" areas={ALL_AREAS} value={fullmakt.terms} onChange={fullmakt.setTerms} errors={errors as TermsErrors} />
      <Textfield
        id={FIELD_IDS.reason}
        multiline
        rows={4}
        label="Begrunnelse"
        description="Hvorfor pasienten ikke kan samtykke selv, og hva vurderingen bygger på. Lagres i tilgangsloggen, og vises ikke for andre."
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={errors.reason}
        maxLength={1000}
      />
      <ErrorAlert message={general} />
      <div>
        <Button type="submit" loading={register.isPending}>
          Registrer tildelt fullmakt
        </Button>
      </div>
    </form>
  )
}

function PatientFullmakter({ me, serviceId, giverNationalId, list }: { me: StaffMe; serviceId: string; giverNationalId: string; list: AssignedFullmaktList }) {
  const end = useEndAssignedFullmakt(serviceId)
  const [ending, setEnding] = useState<Fullmakt | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const current = list.items.filter((f) => f.status === 'active' || f.status === 'not-yet-valid')
  const history = list.items.filter((f) => !(f.status === 'active' || f.status === 'not-yet-valid'))
  return (
    <>
      <section className="app-stack" aria-labelledby="patient-heading">
        <Heading level={2} data-size="sm" id="patient-heading">
          {list.giver.name}, født {formatDate(list.giver.birthDate)}
        </Heading>
        <div aria-live="polite">
          {notice ? (
            <Alert data-color="success">
              <Paragraph>{notice}</Paragraph>
            </Alert>
          ) : null}
        </div>
        {current.length === 0 ? (
          <Paragraph>Pasienten har ingen tildelt fullmakt.</Paragraph>
        ) : (
          <ul className="app-cards">
            {current.map((f) => (
              <li key={f.id}>
                <AssignedCard
                  f={f}
                  onEnd={() => {
                    end.reset()
                    setEnding(f)
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <RegisterForm
        me={me}
        serviceId={serviceId}
        giverNationalId={giverNationalId}
        onRegistered={(f) => setNotice(`Tildelt fullmakt til ${f.proxy.name} er registrert.`)}
      />
      {history.length > 0 ? (
        <section className="app-stack" aria-labelledby="assigned-history-heading">
          <Heading level={2} data-size="sm" id="assigned-history-heading">
            Tidligere tildelte fullmakter
          </Heading>
          <ul className="app-cards">
            {history.map((f) => (
              <li key={f.id}>
                <AssignedCard f={f} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EndDialog
        target={ending}
        description={
          ending ? `${ending.proxy.name} kan ikke lenger handle på vegne av ${list.giver.name}. Begge får beskjed, og fullmakten flyttes til historikken.` : ''
        }
        pending={end.isPending}
        error={end.isError ? end.error : null}
        onConfirm={() => {
          if (!ending) return
          end.mutate(
            { id: ending.id, csrfToken: me.csrfToken },
            {
              onSuccess: () => {
                setNotice(`Fullmakten til ${ending.proxy.name} er avsluttet.`)
                setEnding(null)
              },
            },
          )
        }}
        onCancel={() => setEnding(null)}
      />
    </>
  )
}

function AssignedFullmakt({ me }: { me: StaffMe }) {
  useDocumentTitle('Tildelt fullmakt')
  const serviceId = me.service?.id ?? ''
  const [giverNationalId, setGiverNationalId] = useState<string | null>(null)
  const list = useAssignedFullmakter(serviceId, giverNationalId, me.csrfToken)
  const findError =
    list.isError && list.error instanceof ApiError
      ? list.error.status === 403
        ? 'Du finner ikke denne pasienten. Tjenesten din må ha et behandlingsforhold til pasienten.'
        : problemText(list.error, 'Vi klarte ikke å hente pasientens fullmakter.')
      : list.isError
        ? 'Vi klarte ikke å hente pasientens fullmakter. Prøv igjen om litt.'
        : undefined
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden' }} title="Tildelt fullmakt">
        <Paragraph className="app-intro">
          For en pasient som ikke kan samtykke selv, for eksempel ved demens, kan {me.service?.name ?? 'tjenesten'} registrere en tildelt fullmakt til en
          pårørende. Den som får fullmakten, kan bruke helsetjenestene på nett for pasienten, også samtykker. Registreringen logges med begrunnelsen.
        </Paragraph>
      </PageHeader>
      <FindPatient onFind={setGiverNationalId} error={findError} />
      {giverNationalId === null ? null : list.isPending ? (
        <Loading />
      ) : list.isSuccess ? (
        <PatientFullmakter key={giverNationalId} me={me} serviceId={serviceId} giverNationalId={giverNationalId} list={list.data} />
      ) : null}
    </div>
  )
}

function NotAvailable() {
  return (
    <AccessDenied
      headingId="not-available-heading"
      title="Tildelt fullmakt er ikke tilgjengelig"
      back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }}
    >
      <Paragraph>Tildelte fullmakter registreres av helsepersonell som handler på vegne av en tjeneste med behandlingsforhold til pasienten.</Paragraph>
    </AccessDenied>
  )
}

// Same condition as patient messages: health personnel acting for a service (the server decides the care relation).
export function AssignedFullmaktPage() {
  return <RequireSignIn kind="staff">{(me) => (canUseMessages(me) ? <AssignedFullmakt me={me} /> : <NotAvailable />)}</RequireSignIn>
}
