import { Button, Card, Fieldset, Heading, Paragraph, Radio, Textfield, ValidationMessage } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type Municipality, useGiveNotice, useWithdrawNotice } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Fact, Facts } from '../../../components/Facts.tsx'
import { type ActionFeedback, Feedback, useActionFeedback } from '../../../components/Feedback.tsx'
import { ConfirmNoticeDialog, type NoticeParty } from '../../../components/forvaltning/ConfirmNoticeDialog.tsx'
import { formatDate, formatDateTime } from '../../../text/oslo-time.ts'

// Notice of termination: registering it (by the municipality or the operator) after a confirmation that says what it
// will do, what it means, withdrawing it.

function TerminationFacts({ m, withdraw, feedback }: { m: Municipality; withdraw: ReturnType<typeof useWithdrawNotice>; feedback: ActionFeedback }) {
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
          <div>
            <Button
              type="button"
              variant="secondary"
              loading={withdraw.isPending}
              onClick={() => {
                feedback.start()
                withdraw.mutate(undefined, {
                  onSuccess: () => feedback.succeed('Oppsigelsen er trukket. Avtalen fortsetter.'),
                  onError: (e) => feedback.fail(problemDetail(e, 'Vi klarte ikke å trekke oppsigelsen. Prøv igjen.')),
                })
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

type GiveNotice = ReturnType<typeof useGiveNotice>

function NoticeForm({ m, give, feedback }: { m: Municipality; give: GiveNotice; feedback: ActionFeedback }) {
  // Nothing chosen in advance: who gives notice decides the end date, and must be a choice.
  const [initiatedBy, setInitiatedBy] = useState<NoticeParty | null>(null)
  const [missing, setMissing] = useState(false)
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState<NoticeParty | null>(null)
  const [error, setError] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    feedback.start()
    if (!initiatedBy) return setMissing(true)
    setError(null)
    give.reset()
    setConfirming(initiatedBy)
  }
  const confirm = () => {
    if (!confirming) return
    give.mutate(
      { initiatedBy: confirming, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: ({ termination, notifiedPeople }) => {
          setConfirming(null)
          feedback.succeed(
            `Oppsigelsen er registrert. Avtalen avsluttes ${formatDate(termination.endsOn)}. ${
              notifiedPeople === 1 ? '1 innbygger får' : `${notifiedPeople} innbyggere får`
            } varsel om at tjenesten avsluttes.`,
          )
        },
        onError: (e) => setError(problemDetail(e, 'Vi klarte ikke å registrere oppsigelsen. Prøv igjen.')),
      },
    )
  }
  return (
    <>
      <form className="app-stack app-form" onSubmit={submit} noValidate>
        <Fieldset aria-describedby={missing ? 'initiated-by-error' : undefined}>
          <Fieldset.Legend>Hvem sier opp?</Fieldset.Legend>
          <Radio
            id="initiated-by-municipality"
            name="initiated-by"
            value="municipality"
            label="Kommunen"
            description={`Én måneds varsel: avsluttes ${formatDate(m.noticeEndsOn.municipality)}.`}
            checked={initiatedBy === 'municipality'}
            onChange={() => {
              setInitiatedBy('municipality')
              setMissing(false)
            }}
            aria-invalid={missing || undefined}
          />
          <Radio
            name="initiated-by"
            value="operator"
            label="Plattformforvalteren"
            description={`Seks måneders varsel: avsluttes ${formatDate(m.noticeEndsOn.operator)}.`}
            checked={initiatedBy === 'operator'}
            onChange={() => {
              setInitiatedBy('operator')
              setMissing(false)
            }}
            aria-invalid={missing || undefined}
          />
          {missing ? <ValidationMessage id="initiated-by-error">Velg hvem som sier opp.</ValidationMessage> : null}
        </Fieldset>
        <Textfield multiline rows={3} label="Begrunnelse (valgfritt)" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
        <Paragraph data-size="sm">Du får se sluttdatoen, hvilke tjenester som stopper og hvor mange innbyggere som får varsel før du bekrefter.</Paragraph>
        <div>
          <Button type="submit" variant="secondary" data-color="danger">
            Registrer oppsigelse …
          </Button>
        </div>
      </form>
      <ConfirmNoticeDialog
        municipality={m}
        initiatedBy={confirming}
        pending={give.isPending}
        error={error}
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
      />
    </>
  )
}

export function TerminationSection({ m, me }: { m: Municipality; me: StaffMe }) {
  const feedback = useActionFeedback()
  // The mutations live here: the form or the facts they start from are replaced by their own answer.
  const give = useGiveNotice(m.id, me.csrfToken)
  const withdraw = useWithdrawNotice(m.id, me.csrfToken)
  return (
    <section className="app-stack" aria-labelledby="termination-heading">
      <Heading level={2} data-size="sm" id="termination-heading">
        Oppsigelse
      </Heading>
      <Feedback error={feedback.error} done={feedback.done} />
      {m.termination ? (
        <TerminationFacts m={m} withdraw={withdraw} feedback={feedback} />
      ) : m.connection ? (
        <>
          <Paragraph>Avtalen er ikke sagt opp.</Paragraph>
          <NoticeForm m={m} give={give} feedback={feedback} />
        </>
      ) : (
        <Paragraph>Kommunen har ingen avtale å si opp.</Paragraph>
      )}
    </section>
  )
}
