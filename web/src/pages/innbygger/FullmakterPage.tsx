import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type Fullmakt, useChangeFullmakt, useEndFullmakt, useFullmakter, useGiveFullmakt } from '../../api/fullmakter.ts'
import type { CitizenMe } from '../../api/me.ts'
import { ArticleCard } from '../../components/ArticleCard.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrorSummary.tsx'
import { EndDialog, EndFullmaktButton } from '../../components/fullmakt/EndFullmaktDialog.tsx'
import {
  AreaTags,
  ORDINARY_AREAS,
  type TermsErrors,
  type TermsField,
  TermsFields,
  termsFrom,
  type TermsState,
  termsToRequest,
  validateTerms,
} from '../../components/fullmakt/FullmaktTermsFields.tsx'
import { useNewFullmakt } from '../../components/fullmakt/use-new-fullmakt.ts'
import { type ActingAs, useActingAs } from '../../components/innbygger/acting-as.tsx'
import { BackLink } from '../../components/links.tsx'
import { NationalIdField } from '../../components/NationalIdField.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { cannotGiveText, endedText, fieldOfProblem, kindText, problemText, validityText } from '../../text/fullmakt.ts'
import { formatDate } from '../../text/oslo-time.ts'

function FullmaktFacts({ f, other }: { f: Fullmakt; other: Fullmakt['giver'] }) {
  return (
    <Facts>
      <Fact term="Født">{formatDate(other.birthDate)}</Fact>
      <Fact term="Gjelder">
        <AreaTags areas={f.areas} />
      </Fact>
      <Fact term="Gyldig">
        Fra {formatDate(f.validFrom)}. {validityText(f)}.
      </Fact>
      {f.kind === 'assigned' ? <Fact term="Type">Tildelt fullmakt{f.registeredBy ? `, registrert av ${f.registeredBy.name}` : ''}</Fact> : null}
    </Facts>
  )
}

function ChangeForm({ me, f, onDone }: { me: CitizenMe; f: Fullmakt; onDone: (changed: Fullmakt | null) => void }) {
  const change = useChangeFullmakt(me.person.id)
  const [terms, setTerms] = useState<TermsState>(termsFrom(f))
  const [errors, setErrors] = useState<TermsErrors>({})
  const idPrefix = `change-${f.id}`
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = validateTerms(terms)
    setErrors(found)
    if (Object.keys(found).length > 0) return
    // mutateAsync: the card is replaced by the new fullmakt's when the list refreshes, and a mutate callback of an
    // unmounted component would never run.
    change
      .mutateAsync({ id: f.id, terms: termsToRequest(terms), csrfToken: me.csrfToken })
      .then((changed) => onDone(changed))
      .catch((error: unknown) => {
        const field = fieldOfProblem(error)
        if (field === 'areas' || field === 'validTo') setErrors({ [field]: problemText(error, '') })
      })
  }
  return (
    <form className="app-stack" onSubmit={submit} noValidate aria-label={`Endre fullmakten til ${f.proxy.name}`}>
      <TermsFields idPrefix={idPrefix} areas={ORDINARY_AREAS} value={terms} onChange={setTerms} errors={errors} />
      <Paragraph data-size="sm">Endringen gir en ny fullmakt fra i dag. Den gamle flyttes til historikken.</Paragraph>
      <ErrorAlert
        message={
          change.isError && fieldOfProblem(change.error) === null ? problemText(change.error, 'Vi klarte ikke å lagre endringen. Prøv igjen om litt.') : null
        }
      />
      <div className="app-actions">
        <Button type="submit" loading={change.isPending}>
          Lagre endringen
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          Avbryt
        </Button>
      </div>
    </form>
  )
}

function GivenCard({ me, f, onEnd, onChanged }: { me: CitizenMe; f: Fullmakt; onEnd: () => void; onChanged: (changed: Fullmakt) => void }) {
  const [editing, setEditing] = useState(false)
  const headingId = `given-${f.id}`
  return (
    <ArticleCard headingId={headingId} title={f.proxy.name}>
      <FullmaktFacts f={f} other={f.proxy} />
      {editing ? (
        <ChangeForm
          me={me}
          f={f}
          onDone={(changed) => {
            setEditing(false)
            if (changed) onChanged(changed)
          }}
        />
      ) : (
        <div className="app-actions">
          {f.kind === 'ordinary' ? (
            <Button variant="secondary" data-size="sm" onClick={() => setEditing(true)}>
              Endre<span className="app-visually-hidden"> fullmakten til {f.proxy.name}</span>
            </Button>
          ) : null}
          <EndFullmaktButton which={`til ${f.proxy.name}`} onClick={onEnd} />
        </div>
      )}
      {f.kind === 'assigned' && !editing ? (
        <Paragraph data-size="sm" className="app-note">
          En tildelt fullmakt endres av helsepersonell, for eksempel fastlegen.
        </Paragraph>
      ) : null}
    </ArticleCard>
  )
}

function ReceivedCard({ f, onEnd }: { f: Fullmakt; onEnd: () => void }) {
  const headingId = `received-${f.id}`
  return (
    <ArticleCard headingId={headingId} title={f.giver.name}>
      <FullmaktFacts f={f} other={f.giver} />
      <div className="app-actions">
        <EndFullmaktButton which={`fra ${f.giver.name}`} onClick={onEnd} />
      </div>
    </ArticleCard>
  )
}

function HistoryList({ items }: { items: Fullmakt[] }) {
  return (
    <ul className="app-cards">
      {items.map((f) => {
        const other = f.direction === 'given' ? f.proxy : f.giver
        const headingId = `history-${f.id}`
        return (
          <li key={f.id}>
            <ArticleCard headingId={headingId} title={f.direction === 'given' ? `Til ${other.name}` : `Fra ${other.name}`}>
              <Facts>
                <Fact term="Gjaldt">
                  <AreaTags areas={f.areas} />
                </Fact>
                <Fact term="Periode">
                  Fra {formatDate(f.validFrom)}. {kindText(f)}.
                </Fact>
                <Fact term="Status">{endedText(f)}</Fact>
              </Facts>
            </ArticleCard>
          </li>
        )
      })}
    </ul>
  )
}

type GiveField = 'proxy' | TermsField
const GIVE_IDS: Record<GiveField, string> = { proxy: 'give-proxy', areas: 'give-area-first', validTo: 'give-last-day' }

function GiveForm({ me, onGiven }: { me: CitizenMe; onGiven: (f: Fullmakt) => void }) {
  const give = useGiveFullmakt(me.person.id)
  const fullmakt = useNewFullmakt()
  const fieldErrors = useFieldErrors<GiveField>()
  const { errors } = fieldErrors
  const [general, setGeneral] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const found = fullmakt.problems()
    if (Object.keys(found).length > 0) return fieldErrors.show(found)
    fieldErrors.reset()
    give.mutate(
      { proxyNationalId: fullmakt.proxyNationalId(), terms: fullmakt.termsRequest(), csrfToken: me.csrfToken },
      {
        onSuccess: (given) => {
          fullmakt.clear()
          onGiven(given)
        },
        onError: (error) => {
          const field = fieldOfProblem(error)
          const text = problemText(error, 'Vi klarte ikke å gi fullmakten. Prøv igjen om litt.')
          if (field === 'proxy' || field === 'areas' || field === 'validTo') fieldErrors.show({ [field]: text })
          else setGeneral(text)
        },
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="give-heading">
      <FieldErrorSummary
        key={fieldErrors.attempt}
        heading="Rett opp dette før du gir fullmakten:"
        errors={fieldErrors.list}
        href={(field) => `#${GIVE_IDS[field]}`}
      />
      <NationalIdField
        id={GIVE_IDS.proxy}
        label="Fødselsnummeret til den som skal få fullmakt"
        description="11 siffer. Personen må ha fylt 18 år."
        value={fullmakt.proxy}
        onChange={(value) => {
          fullmakt.setProxy(value)
          fieldErrors.clear('proxy')
        }}
        error={errors.proxy}
      />
      <TermsFields idPrefix="give" areas={ORDINARY_AREAS} value={fullmakt.terms} onChange={fullmakt.setTerms} errors={errors} />
      <Paragraph data-size="sm">
        Samtykker kan bare du selv gi. Både du og den som får fullmakt, får beskjed på SMS eller e-post, og kan avslutte den når som helst.
      </Paragraph>
      <ErrorAlert message={general} />
      <div>
        <Button type="submit" loading={give.isPending}>
          Gi fullmakt
        </Button>
      </div>
    </form>
  )
}

function OnlyForOneself({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  useDocumentTitle('Fullmakter')
  return (
    <div className="app-stack app-stack--loose">
      <BackLink to="/innbygger">Tilbake til Min side</BackLink>
      <section className="app-stack" aria-labelledby="fullmakter-heading">
        <Heading level={1} data-size="lg" id="fullmakter-heading">
          Fullmakter
        </Heading>
        <Paragraph>
          Fullmakter kan bare ses og endres av personen selv. Du handler nå på vegne av {actingAs.name}, og kan derfor ikke se eller endre fullmaktene til{' '}
          {actingAs.name}.
        </Paragraph>
        <div>
          <Button variant="secondary" onClick={() => actingAs.choose(me.person.id)}>
            Bytt til deg selv
          </Button>
        </div>
      </section>
    </div>
  )
}

function OwnFullmakter({ me }: { me: CitizenMe }) {
  useDocumentTitle('Fullmakter')
  const lists = useFullmakter(me.person.id)
  const end = useEndFullmakt(me.person.id)
  const [ending, setEnding] = useState<Fullmakt | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const confirmEnd = () => {
    if (!ending) return
    const other = ending.direction === 'given' ? ending.proxy.name : ending.giver.name
    end.mutate(
      { id: ending.id, csrfToken: me.csrfToken },
      {
        onSuccess: () => {
          setEnding(null)
          setNotice(ending.direction === 'given' ? `Fullmakten til ${other} er avsluttet.` : `Fullmakten fra ${other} er avsluttet.`)
        },
      },
    )
  }
  const askToEnd = (f: Fullmakt) => {
    end.reset()
    setEnding(f)
  }

  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: 'Tilbake til Min side' }} title="Fullmakter">
        <Paragraph className="app-intro">
          Med en fullmakt kan en annen person bruke helsetjenestene på nett for deg, for eksempel lese og sende meldinger. Du velger hva fullmakten skal gjelde,
          og hvor lenge. Du kan endre eller avslutte den når du vil, og den som har fått den, kan også avslutte den.
        </Paragraph>
      </PageHeader>

      <div aria-live="polite">
        {notice ? (
          <Alert data-color="success">
            <Paragraph>{notice}</Paragraph>
          </Alert>
        ) : null}
      </div>

      <QueryContent query={lists} error="Vi klarte ikke å hente fullmaktene akkurat nå.">
        {(data) => (
          <>
            <section className="app-stack" aria-labelledby="given-heading">
              <Heading level={2} data-size="sm" id="given-heading">
                Fullmakter du har gitt
              </Heading>
              {data.given.length === 0 ? (
                <Paragraph>Du har ikke gitt noen fullmakt.</Paragraph>
              ) : (
                <ul className="app-cards">
                  {data.given.map((f) => (
                    <li key={f.id}>
                      <GivenCard
                        me={me}
                        f={f}
                        onEnd={() => askToEnd(f)}
                        onChanged={(changed) => setNotice(`Fullmakten til ${changed.proxy.name} er endret.`)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className="app-stack" aria-labelledby="received-heading">
              <Heading level={2} data-size="sm" id="received-heading">
                Fullmakter du har fått
              </Heading>
              {data.received.length === 0 ? (
                <Paragraph>Ingen har gitt deg fullmakt.</Paragraph>
              ) : (
                <ul className="app-cards">
                  {data.received.map((f) => (
                    <li key={f.id}>
                      <ReceivedCard f={f} onEnd={() => askToEnd(f)} />
                    </li>
                  ))}
                </ul>
              )}
              <Paragraph data-size="sm">Foreldre og barn vises ikke her. Du ser dem på Min side.</Paragraph>
            </section>

            <section className="app-stack" aria-labelledby="give-heading">
              <Heading level={2} data-size="sm" id="give-heading">
                Gi en ny fullmakt
              </Heading>
              {data.cannotGive ? (
                <Alert data-color="info">
                  <Heading level={3} data-size="xs">
                    {cannotGiveText(data.cannotGive).heading}
                  </Heading>
                  <Paragraph>{cannotGiveText(data.cannotGive).body}</Paragraph>
                </Alert>
              ) : (
                <GiveForm me={me} onGiven={(f) => setNotice(`Du har gitt fullmakt til ${f.proxy.name}.`)} />
              )}
            </section>

            <section className="app-stack" aria-labelledby="history-heading">
              <Heading level={2} data-size="sm" id="history-heading">
                Historikk
              </Heading>
              {data.history.length === 0 ? <Paragraph>Ingen fullmakter er avsluttet eller utløpt ennå.</Paragraph> : <HistoryList items={data.history} />}
            </section>
          </>
        )}
      </QueryContent>

      <EndDialog
        target={ending}
        description={
          ending?.direction === 'received'
            ? `Du kan ikke lenger handle på vegne av ${ending.giver.name}. Fullmakten flyttes til historikken, og ${ending.giver.name} får beskjed.`
            : ending
              ? `${ending.proxy.name} kan ikke lenger handle på vegne av deg. Fullmakten flyttes til historikken, og ${ending.proxy.name} får beskjed.`
              : ''
        }
        pending={end.isPending}
        error={end.isError ? end.error : null}
        onConfirm={confirmEnd}
        onCancel={() => setEnding(null)}
      />
    </div>
  )
}

function Fullmakter({ me }: { me: CitizenMe }) {
  const actingAs = useActingAs()
  return actingAs.isSelf ? <OwnFullmakter me={me} /> : <OnlyForOneself me={me} actingAs={actingAs} />
}

export function FullmakterPage() {
  return <RequireSignIn kind="citizen">{(me) => <Fullmakter me={me} />}</RequireSignIn>
}
