import { Button, Card, Fieldset, Heading, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type Municipality, useGiveNotice, useWithdrawNotice } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Fact, Facts } from '../../../components/Facts.tsx'
import { Feedback } from '../../../components/Feedback.tsx'
import { formatDate, formatDateTime } from '../../../text/oslo-time.ts'

// Notice of termination: registering it (by the municipality or the operator), what it means, withdrawing it.

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

export function TerminationSection({ m, me }: { m: Municipality; me: StaffMe }) {
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
