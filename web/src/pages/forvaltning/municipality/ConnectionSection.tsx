import { Button, Card, Checkbox, Details, Heading, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type Municipality, useSaveConnection } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Fact, Facts } from '../../../components/Facts.tsx'
import { Feedback, useActionFeedback } from '../../../components/Feedback.tsx'
import { formatNok, formatOrganisationNumber } from '../../../text/format.ts'
import { formatDate, osloDate } from '../../../text/oslo-time.ts'

// The municipality's connection: when it was ordered and made, DigiFin membership, the fee, whether a DPA is needed.

function ConnectionForm({ m, me }: { m: Municipality; me: StaffMe }) {
  const save = useSaveConnection(m.id, me.csrfToken)
  const c = m.connection
  const [orderedOn, setOrderedOn] = useState(c ? osloDate(c.orderedAt) : '')
  const [connectedOn, setConnectedOn] = useState(c?.connectedAt ? osloDate(c.connectedAt) : '')
  const [digifin, setDigifin] = useState(c?.digifinMember ?? false)
  const [fee, setFee] = useState(c?.connectionFeeNok != null ? String(c.connectionFeeNok) : '')
  const [dpaRequired, setDpaRequired] = useState(c?.dpaRequired ?? true)
  const feedback = useActionFeedback()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const feeDigits = fee.replace(/\s/g, '')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(orderedOn)) return feedback.fail('Velg datoen tilkoblingen ble bestilt.')
    if (feeDigits !== '' && !/^\d{1,9}$/.test(feeDigits)) return feedback.fail('Skriv tilkoblingsavgiften i hele kroner.')
    feedback.start()
    save.mutate(
      { orderedOn, connectedOn: connectedOn || null, digifinMember: digifin, connectionFeeNok: feeDigits === '' ? null : Number(feeDigits), dpaRequired },
      {
        onSuccess: () => feedback.succeed('Tilkoblingen er lagret.'),
        onError: (e) => feedback.fail(problemDetail(e, 'Vi klarte ikke å lagre tilkoblingen. Prøv igjen.')),
      },
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
      <Feedback error={feedback.error} done={feedback.done} />
      <div>
        <Button type="submit" variant="secondary" loading={save.isPending}>
          Lagre tilkoblingen
        </Button>
      </div>
    </form>
  )
}

export function ConnectionSection({ m, me }: { m: Municipality; me: StaffMe }) {
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
