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
import { useTexts } from '../../i18n/texts.ts'
import { cannotGiveText, endedText, fieldOfProblem, kindText, problemText, validityText } from '../../text/fullmakt.ts'
import { formatDate } from '../../text/oslo-time.ts'
import { fullmakterTexts as texts } from './fullmakter.texts.ts'

function FullmaktFacts({ f, other }: { f: Fullmakt; other: Fullmakt['giver'] }) {
  const t = useTexts(texts)
  return (
    <Facts>
      <Fact term={t('born')}>{formatDate(other.birthDate)}</Fact>
      <Fact term={t('covers')}>
        <AreaTags areas={f.areas} />
      </Fact>
      <Fact term={t('valid')}>{t('validFrom', { date: formatDate(f.validFrom), validity: validityText(f) })}</Fact>
      {f.kind === 'assigned' ? <Fact term={t('type')}>{f.registeredBy ? t('assignedBy', { name: f.registeredBy.name }) : t('assigned')}</Fact> : null}
    </Facts>
  )
}

function ChangeForm({ me, f, onDone }: { me: CitizenMe; f: Fullmakt; onDone: (changed: Fullmakt | null) => void }) {
  const t = useTexts(texts)
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
    <form className="app-stack" onSubmit={submit} noValidate aria-label={t('changeFormLabel', { name: f.proxy.name })}>
      <TermsFields idPrefix={idPrefix} areas={ORDINARY_AREAS} value={terms} onChange={setTerms} errors={errors} />
      <Paragraph data-size="sm">{t('changeNote')}</Paragraph>
      <ErrorAlert message={change.isError && fieldOfProblem(change.error) === null ? problemText(change.error, t('changeFailed')) : null} />
      <div className="app-actions">
        <Button type="submit" loading={change.isPending}>
          {t('saveChange')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  )
}

function GivenCard({ me, f, onEnd, onChanged }: { me: CitizenMe; f: Fullmakt; onEnd: () => void; onChanged: (changed: Fullmakt) => void }) {
  const t = useTexts(texts)
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
              {t('change')}
              <span className="app-visually-hidden"> {t('changeWhich', { name: f.proxy.name })}</span>
            </Button>
          ) : null}
          <EndFullmaktButton which={t('toName', { name: f.proxy.name })} onClick={onEnd} />
        </div>
      )}
      {f.kind === 'assigned' && !editing ? (
        <Paragraph data-size="sm" className="app-note">
          {t('assignedNote')}
        </Paragraph>
      ) : null}
    </ArticleCard>
  )
}

function ReceivedCard({ f, onEnd }: { f: Fullmakt; onEnd: () => void }) {
  const t = useTexts(texts)
  const headingId = `received-${f.id}`
  return (
    <ArticleCard headingId={headingId} title={f.giver.name}>
      <FullmaktFacts f={f} other={f.giver} />
      <div className="app-actions">
        <EndFullmaktButton which={t('fromName', { name: f.giver.name })} onClick={onEnd} />
      </div>
    </ArticleCard>
  )
}

function HistoryList({ items }: { items: Fullmakt[] }) {
  const t = useTexts(texts)
  return (
    <ul className="app-cards">
      {items.map((f) => {
        const other = f.direction === 'given' ? f.proxy : f.giver
        const headingId = `history-${f.id}`
        return (
          <li key={f.id}>
            <ArticleCard headingId={headingId} title={f.direction === 'given' ? t('historyTo', { name: other.name }) : t('historyFrom', { name: other.name })}>
              <Facts>
                <Fact term={t('covered')}>
                  <AreaTags areas={f.areas} />
                </Fact>
                <Fact term={t('period')}>{t('periodText', { date: formatDate(f.validFrom), kind: kindText(f) })}</Fact>
                <Fact term={t('status')}>{endedText(f)}</Fact>
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
  const t = useTexts(texts)
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
          const text = problemText(error, t('giveFailed'))
          if (field === 'proxy' || field === 'areas' || field === 'validTo') fieldErrors.show({ [field]: text })
          else setGeneral(text)
        },
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="give-heading">
      <FieldErrorSummary key={fieldErrors.attempt} heading={t('fixFirst')} errors={fieldErrors.list} href={(field) => `#${GIVE_IDS[field]}`} />
      <NationalIdField
        id={GIVE_IDS.proxy}
        label={t('proxyId')}
        description={t('proxyIdAbout')}
        value={fullmakt.proxy}
        onChange={(value) => {
          fullmakt.setProxy(value)
          fieldErrors.clear('proxy')
        }}
        error={errors.proxy}
      />
      <TermsFields idPrefix="give" areas={ORDINARY_AREAS} value={fullmakt.terms} onChange={fullmakt.setTerms} errors={errors} />
      <Paragraph data-size="sm">{t('giveNote')}</Paragraph>
      <ErrorAlert message={general} />
      <div>
        <Button type="submit" loading={give.isPending}>
          {t('give')}
        </Button>
      </div>
    </form>
  )
}

function OnlyForOneself({ me, actingAs }: { me: CitizenMe; actingAs: ActingAs }) {
  const t = useTexts(texts)
  useDocumentTitle(t('title'))
  return (
    <div className="app-stack app-stack--loose">
      <BackLink to="/innbygger">{t('backToHome')}</BackLink>
      <section className="app-stack" aria-labelledby="fullmakter-heading">
        <Heading level={1} data-size="lg" id="fullmakter-heading">
          {t('title')}
        </Heading>
        <Paragraph>{t('onlyOneself', { name: actingAs.name })}</Paragraph>
        <div>
          <Button variant="secondary" onClick={() => actingAs.choose(me.person.id)}>
            {t('switchToSelf')}
          </Button>
        </div>
      </section>
    </div>
  )
}

function OwnFullmakter({ me }: { me: CitizenMe }) {
  const t = useTexts(texts)
  useDocumentTitle(t('title'))
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
          setNotice(ending.direction === 'given' ? t('endedTo', { name: other }) : t('endedFrom', { name: other }))
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
      <PageHeader back={{ to: '/innbygger', label: t('backToHome') }} title={t('title')}>
        <Paragraph className="app-intro">{t('intro')}</Paragraph>
      </PageHeader>

      <div aria-live="polite">
        {notice ? (
          <Alert data-color="success">
            <Paragraph>{notice}</Paragraph>
          </Alert>
        ) : null}
      </div>

      <QueryContent query={lists} error={t('loadFailed')}>
        {(data) => (
          <>
            <section className="app-stack" aria-labelledby="given-heading">
              <Heading level={2} data-size="sm" id="given-heading">
                {t('givenHeading')}
              </Heading>
              {data.given.length === 0 ? (
                <Paragraph>{t('noneGiven')}</Paragraph>
              ) : (
                <ul className="app-cards">
                  {data.given.map((f) => (
                    <li key={f.id}>
                      <GivenCard me={me} f={f} onEnd={() => askToEnd(f)} onChanged={(changed) => setNotice(t('changed', { name: changed.proxy.name }))} />
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className="app-stack" aria-labelledby="received-heading">
              <Heading level={2} data-size="sm" id="received-heading">
                {t('receivedHeading')}
              </Heading>
              {data.received.length === 0 ? (
                <Paragraph>{t('noneReceived')}</Paragraph>
              ) : (
                <ul className="app-cards">
                  {data.received.map((f) => (
                    <li key={f.id}>
                      <ReceivedCard f={f} onEnd={() => askToEnd(f)} />
                    </li>
                  ))}
                </ul>
              )}
              <Paragraph data-size="sm">{t('parentsNote')}</Paragraph>
            </section>

            <section className="app-stack" aria-labelledby="give-heading">
              <Heading level={2} data-size="sm" id="give-heading">
                {t('giveHeading')}
              </Heading>
              {data.cannotGive ? (
                <Alert data-color="info">
                  <Heading level={3} data-size="xs">
                    {cannotGiveText(data.cannotGive).heading}
                  </Heading>
                  <Paragraph>{cannotGiveText(data.cannotGive).body}</Paragraph>
                </Alert>
              ) : (
                <GiveForm me={me} onGiven={(f) => setNotice(t('given', { name: f.proxy.name }))} />
              )}
            </section>

            <section className="app-stack" aria-labelledby="history-heading">
              <Heading level={2} data-size="sm" id="history-heading">
                {t('historyHeading')}
              </Heading>
              {data.history.length === 0 ? <Paragraph>{t('noHistory')}</Paragraph> : <HistoryList items={data.history} />}
            </section>
          </>
        )}
      </QueryContent>

      <EndDialog
        target={ending}
        description={
          ending?.direction === 'received' ? t('endReceived', { name: ending.giver.name }) : ending ? t('endGiven', { name: ending.proxy.name }) : ''
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
