import { Alert, Button, Card, Checkbox, Details, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { useParams } from 'react-router'
import type { StaffMe } from '../../api/me.ts'
import {
  DIGITAL_SERVICES,
  type DigitalService,
  type Municipality,
  problemDetail,
  type TermsStanding,
  type TermsVersionRef,
  useAcceptTerms,
  useGiveNotice,
  useMunicipality,
  useSaveConnection,
  useSaveEpj,
  useSetActivation,
  useWithdrawNotice,
} from '../../api/forvaltning/onboarding.ts'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { formatNok, formatOrganisationNumber } from '../../text/format.ts'
import { formatDate, formatDateTime, osloDate } from '../../text/oslo-time.ts'
import { BackToMunicipalities, digitalServiceLabel, documentLabel, municipalityTags, RequireOperator, standingTag } from './OnboardingShared.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'

const lower = (text: string) => text.toLocaleLowerCase('nb-NO')

function Feedback({ error, done }: { error: string | null; done: string | null }) {
  if (error) {
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>{error}</Paragraph>
      </Alert>
    )
  }
  if (done) {
    return (
      <Alert data-color="success" role="status" aria-live="polite">
        <Paragraph>{done}</Paragraph>
      </Alert>
    )
  }
  return null
}

function ConnectionForm({ m, me }: { m: Municipality; me: StaffMe }) {
  const save = useSaveConnection(m.id, me.csrfToken)
  const c = m.connection
  const [orderedOn, setOrderedOn] = useState(c ? osloDate(c.orderedAt) : '')
  const [connectedOn, setConnectedOn] = useState(c?.connectedAt ? osloDate(c.connectedAt) : '')
  const [digifin, setDigifin] = useState(c?.digifinMember ?? false)
  const [fee, setFee] = useState(c?.connectionFeeNok != null ? String(c.connectionFeeNok) : '')
  const [dpaRequired, setDpaRequired] = useState(c?.dpaRequired ?? true)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    const feeDigits = fee.replace(/\s/g, '')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(orderedOn)) return setError('Velg datoen tilkoblingen ble bestilt.')
    if (feeDigits !== '' && !/^\d{1,9}$/.test(feeDigits)) return setError('Skriv tilkoblingsavgiften i hele kroner.')
    setError(null)
    save.mutate(
      { orderedOn, connectedOn: connectedOn || null, digifinMember: digifin, connectionFeeNok: feeDigits === '' ? null : Number(feeDigits), dpaRequired },
      { onSuccess: () => setDone('Tilkoblingen er lagret.'), onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å lagre tilkoblingen. Prøv igjen.')) },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-label={c ? 'Endre tilkoblingen' : 'Registrer bestilt tilkobling'}>
      <Textfield type="date" label="Tilkobling bestilt" value={orderedOn} onChange={(event) => setOrderedOn(event.target.value)} />
      <Textfield
        type="date"
        label="Tilkoblet (valgfritt)"
        description="Settes også når den første tjenesten aktiveres."
        value={connectedOn}
        onChange={(event) => setConnectedOn(event.target.value)}
      />
      <Textfield
        label="Tilkoblingsavgift i kroner (valgfritt)"
        inputMode="numeric"
        value={fee}
        onChange={(event) => setFee(event.target.value)}
        maxLength={12}
      />
      <Checkbox label="Medlem av DigiFin" checked={digifin} onChange={(event) => setDigifin(event.target.checked)} />
      <Checkbox label="Databehandleravtale kreves" checked={dpaRequired} onChange={(event) => setDpaRequired(event.target.checked)} />
      <Feedback error={error} done={done} />
      <div>
        <Button type="submit" variant="secondary" loading={save.isPending}>
          Lagre tilkoblingen
        </Button>
      </div>
    </form>
  )
}

function Connection({ m, me }: { m: Municipality; me: StaffMe }) {
  const c = m.connection
  return (
    <section className="app-stack" aria-labelledby="connection-heading">
      <Heading level={2} data-size="sm" id="connection-heading">
        Tilkobling
      </Heading>
      <Card>
        <Facts>
          <Fact term="Org.nr.">{formatOrganisationNumber(m.organisationNumber)}</Fact>
          <Fact term="Tilkobling bestilt">{c ? formatDate(c.orderedAt) : 'Ikke bestilt'}</Fact>
          <Fact term="Tilkoblet">{c?.connectedAt ? formatDate(c.connectedAt) : 'Ikke ennå'}</Fact>
          <Fact term="DigiFin">{c ? (c.digifinMember ? 'Medlem' : 'Ikke medlem') : '–'}</Fact>
          <Fact term="Tilkoblingsavgift">{c?.connectionFeeNok != null ? formatNok(c.connectionFeeNok) : 'Ikke registrert'}</Fact>
        </Facts>
      </Card>
      <Details>
        <Details.Summary>{c ? 'Endre tilkoblingen' : 'Registrer bestilt tilkobling'}</Details.Summary>
        <Details.Content>
          <ConnectionForm m={m} me={me} />
        </Details.Content>
      </Details>
    </section>
  )
}

function versionText(v: TermsVersionRef): string {
  return `Versjon ${v.version}, gjelder fra ${formatDate(v.effectiveFrom)}`
}

function TermsCard({ title, standing, note }: { title: string; standing: TermsStanding; note?: string }) {
  return (
    <Card className="app-stack app-stack--tight">
      <Heading level={3} data-size="xs">
        {title}
      </Heading>
      <StatusTags tags={[standingTag(standing)]} />
      <Facts>
        <Fact term="Gjeldende">{standing.current ? versionText(standing.current) : 'Ingen'}</Fact>
        <Fact term="Akseptert">
          {standing.accepted ? (
            <>
              Versjon {standing.accepted.version}
              <span className="app-cell-sub">
                {formatDate(standing.accepted.acceptedAt)} av {standing.accepted.acceptedByName}
              </span>
            </>
          ) : (
            'Ingen versjon'
          )}
        </Fact>
        {standing.upcoming ? <Fact term="Ny versjon">{versionText(standing.upcoming)}</Fact> : null}
      </Facts>
      {note ? <Paragraph data-size="sm">{note}</Paragraph> : null}
    </Card>
  )
}

/** Versions the municipality has yet to accept: the current one where it lags, and any upcoming one. */
function acceptable(m: Municipality): TermsVersionRef[] {
  const standings: TermsStanding[] = [m.terms.general, ...m.terms.special, ...(m.terms.dpa.required ? [m.terms.dpa] : [])]
  return standings.flatMap((s) => [...(s.current && !s.acceptedCurrent ? [s.current] : []), ...(s.upcoming && !s.acceptedUpcoming ? [s.upcoming] : [])])
}

function AcceptTermsForm({ m, me }: { m: Municipality; me: StaffMe }) {
  const accept = useAcceptTerms(m.id, me.csrfToken)
  const options = acceptable(m)
  const [versionId, setVersionId] = useState('')
  const [acceptedBy, setAcceptedBy] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  if (options.length === 0) return <Paragraph>Kommunen har akseptert alle gjeldende og varslede vilkår.</Paragraph>
  const chosen = options.find((o) => o.id === versionId) ?? options[0]
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    if (!chosen) return
    if (acceptedBy.trim().length < 2) return setError('Skriv hvem som aksepterte på kommunens vegne.')
    setError(null)
    accept.mutate(
      { termsVersionId: chosen.id, acceptedByName: acceptedBy.trim() },
      {
        onSuccess: () => {
          setDone(`Aksept av ${lower(documentLabel(chosen.document, chosen.digitalService))} versjon ${chosen.version} er registrert.`)
          setAcceptedBy('')
          setVersionId('')
        },
        onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å registrere aksepten. Prøv igjen.')),
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="accept-terms-heading">
      <Heading level={3} data-size="xs" id="accept-terms-heading">
        Registrer aksept
      </Heading>
      <Field>
        <Label>Vilkår</Label>
        <Select value={chosen?.id ?? ''} onChange={(event) => setVersionId(event.target.value)}>
          {options.map((o) => (
            <Select.Option key={o.id} value={o.id}>
              {documentLabel(o.document, o.digitalService)}, versjon {o.version}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield
        label="Akseptert av"
        description="Navn eller rolle hos kommunen, for eksempel kommunalsjef."
        value={acceptedBy}
        onChange={(event) => setAcceptedBy(event.target.value)}
        maxLength={200}
      />
      <Feedback error={error} done={done} />
      <div>
        <Button type="submit" variant="secondary" loading={accept.isPending}>
          Registrer aksept
        </Button>
      </div>
    </form>
  )
}

function Terms({ m, me }: { m: Municipality; me: StaffMe }) {
  return (
    <section className="app-stack" aria-labelledby="terms-heading">
      <Heading level={2} data-size="sm" id="terms-heading">
        Vilkår og databehandleravtale
      </Heading>
      <ul className="app-cards">
        <li>
          <TermsCard title="Generelle vilkår" standing={m.terms.general} />
        </li>
        {m.terms.special.map((s) => (
          <li key={s.digitalService}>
            <TermsCard title={documentLabel('special', s.digitalService)} standing={s} />
          </li>
        ))}
        <li>
          <TermsCard
            title="Databehandleravtale"
            standing={m.terms.dpa}
            note={m.terms.dpa.required ? 'Kreves: plattformforvalteren behandler personopplysninger på kommunens vegne.' : 'Kreves ikke for denne kommunen.'}
          />
        </li>
      </ul>
      {m.connection ? <AcceptTermsForm m={m} me={me} /> : null}
    </section>
  )
}

function EpjForm({ m, me }: { m: Municipality; me: StaffMe }) {
  const save = useSaveEpj(m.id, me.csrfToken)
  const [product, setProduct] = useState(m.epj?.product ?? '')
  const [supported, setSupported] = useState<DigitalService[]>(m.epj?.supportedServices ?? [])
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const toggle = (service: DigitalService, on: boolean) =>
    setSupported((current) => (on ? DIGITAL_SERVICES.filter((s) => s === service || current.includes(s)) : current.filter((s) => s !== service)))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    setError(null)
    save.mutate(
      { product: product.trim() || null, supportedServices: supported },
      { onSuccess: () => setDone('EPJ-støtten er lagret.'), onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å lagre EPJ-støtten. Prøv igjen.')) },
    )
  }
  return (
    <section className="app-stack" aria-labelledby="epj-heading">
      <Heading level={2} data-size="sm" id="epj-heading">
        EPJ-støtte
      </Heading>
      {!m.connection ? (
        <Paragraph>Kommunen har ikke bestilt tilkobling ennå.</Paragraph>
      ) : (
        <form className="app-stack app-form" onSubmit={submit} noValidate>
          <Textfield label="EPJ-produkt" value={product} onChange={(event) => setProduct(event.target.value)} maxLength={100} />
          <Fieldset>
            <Fieldset.Legend>Digitale tjenester EPJ-en støtter</Fieldset.Legend>
            <Fieldset.Description>En digital tjeneste kan bare aktiveres når kommunens EPJ støtter den.</Fieldset.Description>
            {DIGITAL_SERVICES.map((service) => (
              <Checkbox
                key={service}
                label={digitalServiceLabel(service)}
                value={service}
                checked={supported.includes(service)}
                onChange={(event) => toggle(service, event.target.checked)}
              />
            ))}
          </Fieldset>
          <Feedback error={error} done={done} />
          <div>
            <Button type="submit" variant="secondary" loading={save.isPending}>
              Lagre EPJ-støtte
            </Button>
          </div>
        </form>
      )}
    </section>
  )
}

function ServiceCard({ m, service, me }: { m: Municipality; service: Municipality['services'][number]; me: StaffMe }) {
  const change = useSetActivation(m.id, me.csrfToken)
  const inactive = DIGITAL_SERVICES.filter((d) => !service.active.some((a) => a.digitalService === d))
  const [choice, setChoice] = useState<DigitalService | ''>('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const headingId = `service-${service.id}`
  const chosen = choice && inactive.includes(choice) ? choice : inactive[0]
  const run = (digitalService: DigitalService, active: boolean) => {
    setError(null)
    setDone(null)
    change.mutate(
      { serviceId: service.id, digitalService, active },
      {
        onSuccess: () => setDone(`${digitalServiceLabel(digitalService)} er ${active ? 'aktivert' : 'deaktivert'} for ${lower(service.name)}.`),
        onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å endre aktiveringen. Prøv igjen.')),
      },
    )
  }
  return (
    <section aria-labelledby={headingId}>
      <Card className="app-stack app-stack--tight">
        <Heading level={3} data-size="xs" id={headingId}>
          {service.name}
        </Heading>
        {service.active.length === 0 ? (
          <Paragraph data-size="sm">Ingen digitale tjenester er aktivert.</Paragraph>
        ) : (
          <ul className="app-plain-list">
            {service.active.map((a) => (
              <li key={a.digitalService} className="app-onboarding-active">
                <span>
                  <span className="app-cell-main">{digitalServiceLabel(a.digitalService)}</span>
                  <span className="app-cell-sub">Aktivert {formatDate(a.activatedAt)}</span>
                </span>
                <Button type="button" variant="tertiary" data-size="sm" disabled={change.isPending} onClick={() => run(a.digitalService, false)}>
                  Deaktiver
                  <span className="app-visually-hidden">
                    {' '}
                    {lower(digitalServiceLabel(a.digitalService))} for {lower(service.name)}
                  </span>
                </Button>
              </li>
            ))}
          </ul>
        )}
        {chosen ? (
          <form
            className="app-search-row"
            onSubmit={(event) => {
              event.preventDefault()
              run(chosen, true)
            }}
          >
            <Field>
              <Label>Digital tjeneste</Label>
              <Select value={chosen} onChange={(event) => setChoice(event.target.value as DigitalService)}>
                {inactive.map((d) => (
                  <Select.Option key={d} value={d}>
                    {digitalServiceLabel(d)}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary" loading={change.isPending}>
              Aktiver<span className="app-visually-hidden"> for {lower(service.name)}</span>
            </Button>
          </form>
        ) : null}
        <Feedback error={error} done={done} />
      </Card>
    </section>
  )
}

function Services({ m, me }: { m: Municipality; me: StaffMe }) {
  return (
    <section className="app-stack" aria-labelledby="services-heading">
      <Heading level={2} data-size="sm" id="services-heading">
        Tjenester
      </Heading>
      <Paragraph>
        En digital tjeneste kan aktiveres når kommunens EPJ støtter den, og kommunen har akseptert gjeldende generelle og særskilte vilkår og
        databehandleravtalen.
      </Paragraph>
      {m.services.length === 0 ? <Paragraph>Kommunen har ingen tjenester i registeret.</Paragraph> : null}
      <div className="app-stack">
        {m.services.map((s) => (
          <ServiceCard key={s.id} m={m} service={s} me={me} />
        ))}
      </div>
    </section>
  )
}

function TerminationFacts({ m, me }: { m: Municipality; me: StaffMe }) {
  const withdraw = useWithdrawNotice(m.id, me.csrfToken)
  const [error, setError] = useState<string | null>(null)
  const t = m.termination
  if (!t) return null
  return (
    <div className="app-stack">
      <Card>
        <Facts>
          <Fact term="Sagt opp av">{t.initiatedBy === 'municipality' ? 'Kommunen (én måneds varsel)' : 'Plattformforvalteren (seks måneders varsel)'}</Fact>
          <Fact term="Registrert">
            {formatDateTime(t.noticeGivenAt)}
            {t.recordedByName ? <span className="app-cell-sub">av {t.recordedByName}</span> : null}
          </Fact>
          <Fact term="Avsluttes">
            {formatDate(t.endsOn)}
            <span className="app-cell-sub">Siste dag for innbyggerne: {formatDate(t.lastDayOn)}</span>
          </Fact>
          <Fact term="Dager igjen">{t.ended ? 'Avsluttet' : t.daysLeft}</Fact>
          {t.reason ? <Fact term="Begrunnelse">{t.reason}</Fact> : null}
        </Facts>
      </Card>
      {t.ended ? (
        <Paragraph>Avtalen er avsluttet. Tjenestene tar ikke imot nye meldinger.</Paragraph>
      ) : (
        <>
          <Paragraph>Tjenestene kan brukes til og med {formatDate(t.lastDayOn)}. Oppsigelsen kan trekkes før sluttdatoen.</Paragraph>
          <Feedback error={error} done={null} />
          <div>
            <Button
              type="button"
              variant="secondary"
              loading={withdraw.isPending}
              onClick={() => {
                setError(null)
                withdraw.mutate(undefined, { onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å trekke oppsigelsen. Prøv igjen.')) })
              }}
            >
              Trekk oppsigelsen
            </Button>
          </div>
        </>
      )}
    </div>
  )
}

function NoticeForm({ m, me, onGiven }: { m: Municipality; me: StaffMe; onGiven: (message: string) => void }) {
  const give = useGiveNotice(m.id, me.csrfToken)
  const [initiatedBy, setInitiatedBy] = useState<'municipality' | 'operator'>('municipality')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    give.mutate(
      { initiatedBy, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: ({ termination, notifiedPeople }) =>
          onGiven(
            `Oppsigelsen er registrert. Avtalen avsluttes ${formatDate(termination.endsOn)}. ${
              notifiedPeople === 1 ? '1 innbygger får' : `${notifiedPeople} innbyggere får`
            } varsel om at tjenesten avsluttes.`,
          ),
        onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å registrere oppsigelsen. Prøv igjen.')),
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate>
      <Fieldset>
        <Fieldset.Legend>Hvem sier opp?</Fieldset.Legend>
        <Radio
          name="initiated-by"
          value="municipality"
          label="Kommunen"
          description={`Én måneds varsel: avsluttes ${formatDate(m.noticeEndsOn.municipality)}.`}
          checked={initiatedBy === 'municipality'}
          onChange={() => setInitiatedBy('municipality')}
        />
        <Radio
          name="initiated-by"
          value="operator"
          label="Plattformforvalteren"
          description={`Seks måneders varsel: avsluttes ${formatDate(m.noticeEndsOn.operator)}.`}
          checked={initiatedBy === 'operator'}
          onChange={() => setInitiatedBy('operator')}
        />
      </Fieldset>
      <Textfield multiline rows={3} label="Begrunnelse (valgfritt)" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      <Paragraph data-size="sm">
        Innbyggere som bruker kommunens digitale tjenester, og de som representerer dem, får varsel om at tjenesten avsluttes.
      </Paragraph>
      <Feedback error={error} done={null} />
      <div>
        <Button type="submit" variant="secondary" data-color="danger" loading={give.isPending}>
          Registrer oppsigelse
        </Button>
      </div>
    </form>
  )
}

function Termination({ m, me }: { m: Municipality; me: StaffMe }) {
  const [given, setGiven] = useState<string | null>(null)
  return (
    <section className="app-stack" aria-labelledby="termination-heading">
      <Heading level={2} data-size="sm" id="termination-heading">
        Oppsigelse
      </Heading>
      {given ? <Feedback error={null} done={given} /> : null}
      {m.termination ? (
        <TerminationFacts m={m} me={me} />
      ) : m.connection ? (
        <>
          <Paragraph>Avtalen er ikke sagt opp.</Paragraph>
          <NoticeForm m={m} me={me} onGiven={setGiven} />
        </>
      ) : (
        <Paragraph>Kommunen har ingen avtale å si opp.</Paragraph>
      )}
    </section>
  )
}

function MunicipalityDetail({ id, me }: { id: string; me: StaffMe }) {
  const query = useMunicipality(id)
  useDocumentTitle(query.data?.name ?? 'Kommune')
  if (query.isPending) return <Loading />
  if (query.isError) {
    return (
      <div className="app-stack">
        <BackToMunicipalities />
        <Heading level={1} data-size="lg">
          Kommune
        </Heading>
        <SectionError message="Vi klarte ikke å hente kommunen. Den finnes kanskje ikke." onRetry={() => void query.refetch()} />
      </div>
    )
  }
  const m = query.data
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <BackToMunicipalities />
        <Heading level={1} data-size="lg">
          {m.name}
        </Heading>
        <StatusTags tags={municipalityTags(m)} />
      </div>
      <Connection m={m} me={me} />
      <Terms m={m} me={me} />
      <EpjForm m={m} me={me} />
      <Services m={m} me={me} />
      <Termination m={m} me={me} />
    </div>
  )
}

export function OnboardingMunicipalityPage() {
  const { id = '' } = useParams()
  return <RequireOperator>{(me) => <MunicipalityDetail id={id} me={me} />}</RequireOperator>
}
