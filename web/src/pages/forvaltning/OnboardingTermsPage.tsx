import { Alert, Button, Card, Field, Heading, Label, Paragraph, Select, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import {
  DIGITAL_SERVICES,
  type DigitalService,
  type TermsDocument,
  type TermsVersion,
  usePublishTerms,
  useTermsVersions,
} from '../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrorSummary.tsx'
import { RequireOperator } from '../../components/forvaltning/RequireOperator.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { type StatusTag, StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { digitalServiceLabel, documentLabel } from '../../text/onboarding.ts'
import { formatDate, osloTomorrow } from '../../text/oslo-time.ts'
import { MUNICIPALITIES } from './OnboardingPage.tsx'

const STATUS_TAGS: Record<TermsVersion['status'], StatusTag> = {
  current: { label: 'Gjeldende', color: 'success' },
  upcoming: { label: 'Varslet', color: 'info' },
  superseded: { label: 'Erstattet', color: 'neutral' },
}

function VersionCard({ v }: { v: TermsVersion }) {
  return (
    <Card className="app-stack app-stack--tight">
      <Heading level={3} data-size="xs">
        {documentLabel(v.document, v.digitalService)}, versjon {v.version}
      </Heading>
      <StatusTags tags={[STATUS_TAGS[v.status]]} />
      <Facts>
        <Fact term="Tittel">{v.title}</Fact>
        <Fact term="Gjelder fra">{formatDate(v.effectiveFrom)}</Fact>
        <Fact term="Publisert">{formatDate(v.publishedAt)}</Fact>
        <Fact term="Endringer" className="app-message-text">
          {v.changeLog}
        </Fact>
        {v.status !== 'superseded' ? (
          <Fact term="Ikke akseptert av">{v.notAcceptedBy.length === 0 ? 'Alle kommunene har akseptert' : v.notAcceptedBy.map((m) => m.name).join(', ')}</Fact>
        ) : null}
      </Facts>
    </Card>
  )
}

type TermsField = 'version' | 'title' | 'changeLog' | 'effectiveOn'
const FIELD_IDS: Record<TermsField, string> = {
  version: 'terms-version',
  title: 'terms-title',
  changeLog: 'terms-change-log',
  effectiveOn: 'terms-effective-on',
}

function tomorrow(): string {
  return osloTomorrow(new Date())
}

function PublishForm({ me }: { me: StaffMe }) {
  const publish = usePublishTerms(me.csrfToken)
  const [document, setDocument] = useState<TermsDocument>('general')
  const [digitalService, setDigitalService] = useState<DigitalService>('messages')
  const [version, setVersion] = useState('')
  const [title, setTitle] = useState('')
  const [changeLog, setChangeLog] = useState('')
  const [effectiveOn, setEffectiveOn] = useState('')
  const fieldErrors = useFieldErrors<TermsField>()
  const { errors } = fieldErrors
  const [general, setGeneral] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    setGeneral(null)
    const found: Partial<Record<TermsField, string>> = {}
    if (!/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/.test(version.trim())) found.version = 'Skriv versjonen, for eksempel 3.0.'
    if (title.trim().length < 3) found.title = 'Skriv tittelen.'
    if (changeLog.trim().length < 3) found.changeLog = 'Beskriv hva som er endret.'
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) found.effectiveOn = 'Velg datoen vilkårene gjelder fra.'
    else if (effectiveOn < tomorrow()) found.effectiveOn = 'Nye vilkår må gjelde fra en senere dag, slik at kommunene får beskjed først.'
    fieldErrors.show(found)
    if (Object.keys(found).length > 0) return
    publish.mutate(
      {
        document,
        digitalService: document === 'special' ? digitalService : null,
        version: version.trim(),
        title: title.trim(),
        changeLog: changeLog.trim(),
        effectiveOn,
      },
      {
        onSuccess: (created) => {
          setDone(
            `Versjon ${created.version} er publisert og gjelder fra ${formatDate(created.effectiveFrom)}. ${
              created.notAcceptedBy.length === 0 ? '' : `Disse kommunene har ikke akseptert den ennå: ${created.notAcceptedBy.map((m) => m.name).join(', ')}.`
            }`,
          )
          setVersion('')
          setTitle('')
          setChangeLog('')
          setEffectiveOn('')
        },
        onError: (e) => setGeneral(problemDetail(e, 'Vi klarte ikke å publisere vilkårene. Prøv igjen.')),
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="publish-heading">
      <Heading level={2} data-size="sm" id="publish-heading">
        Publiser nye vilkår
      </Heading>
      <Paragraph>Nye vilkår gjelder fra en dato fram i tid. Kommunene ser dem og aksepterer før de trer i kraft.</Paragraph>
      <FieldErrorSummary
        key={fieldErrors.attempt}
        heading="Rett opp dette før du publiserer:"
        errors={fieldErrors.list}
        href={(field) => `#${FIELD_IDS[field]}`}
      />
      <Field>
        <Label>Dokument</Label>
        <Select value={document} onChange={(event) => setDocument(event.target.value as TermsDocument)}>
          <Select.Option value="general">Generelle vilkår</Select.Option>
          <Select.Option value="special">Særskilte vilkår for en digital tjeneste</Select.Option>
          <Select.Option value="dpa">Databehandleravtale</Select.Option>
        </Select>
      </Field>
      {document === 'special' ? (
        <Field>
          <Label>Digital tjeneste</Label>
          <Select value={digitalService} onChange={(event) => setDigitalService(event.target.value as DigitalService)}>
            {DIGITAL_SERVICES.map((d) => (
              <Select.Option key={d} value={d}>
                {digitalServiceLabel(d)}
              </Select.Option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Textfield
        id={FIELD_IDS.version}
        label="Versjon"
        value={version}
        onChange={(event) => setVersion(event.target.value)}
        error={errors.version}
        maxLength={20}
      />
      <Textfield id={FIELD_IDS.title} label="Tittel" value={title} onChange={(event) => setTitle(event.target.value)} error={errors.title} maxLength={200} />
      <Textfield
        id={FIELD_IDS.changeLog}
        multiline
        rows={4}
        label="Endringslogg"
        value={changeLog}
        onChange={(event) => setChangeLog(event.target.value)}
        error={errors.changeLog}
        maxLength={4000}
      />
      <Textfield
        id={FIELD_IDS.effectiveOn}
        type="date"
        label="Gjelder fra"
        value={effectiveOn}
        onChange={(event) => setEffectiveOn(event.target.value)}
        error={errors.effectiveOn}
        min={tomorrow()}
      />
      <ErrorAlert message={general} />
      {done ? (
        <Alert data-color="success" role="status">
          <Paragraph>{done}</Paragraph>
        </Alert>
      ) : null}
      <div>
        <Button type="submit" loading={publish.isPending}>
          Publiser
        </Button>
      </div>
    </form>
  )
}

function Terms({ me }: { me: StaffMe }) {
  useDocumentTitle('Vilkårsversjoner')
  const list = useTermsVersions()
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={MUNICIPALITIES} title="Vilkårsversjoner">
        <Paragraph>Generelle vilkår, særskilte vilkår for hver digital tjeneste og databehandleravtalen, nyeste først.</Paragraph>
      </PageHeader>
      <QueryContent query={list} error="Vi klarte ikke å hente vilkårene akkurat nå.">
        {(data) => (
          <ul className="app-cards" aria-label="Vilkårsversjoner">
            {data.items.map((v) => (
              <li key={v.id}>
                <VersionCard v={v} />
              </li>
            ))}
          </ul>
        )}
      </QueryContent>
      <PublishForm me={me} />
    </div>
  )
}

export function OnboardingTermsPage() {
  return <RequireOperator>{(me) => <Terms me={me} />}</RequireOperator>
}
