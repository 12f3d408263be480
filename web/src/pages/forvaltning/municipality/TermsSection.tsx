import { Button, Card, Field, Heading, Label, Paragraph, Select, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type Municipality, type TermsStanding, type TermsVersionRef, useAcceptTerms } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Fact, Facts } from '../../../components/Facts.tsx'
import { Feedback } from '../../../components/Feedback.tsx'
import { StatusTags } from '../../../components/StatusTags.tsx'
import { lowerCase } from '../../../text/format.ts'
import { documentLabel, standingTag } from '../../../text/onboarding.ts'
import { formatDate } from '../../../text/oslo-time.ts'

// Where the municipality stands with the general and special terms and the DPA, and registering an acceptance.

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
          setDone(`Aksept av ${lowerCase(documentLabel(chosen.document, chosen.digitalService))} versjon ${chosen.version} er registrert.`)
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

export function TermsSection({ m, me }: { m: Municipality; me: StaffMe }) {
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
