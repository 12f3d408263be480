import { Button, Card, Field, Heading, Label, Paragraph, Select } from '@digdir/designsystemet-react'
import { useState } from 'react'
import { DIGITAL_SERVICES, type DigitalService, type Municipality, useSetActivation } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Feedback, useActionFeedback } from '../../../components/Feedback.tsx'
import { lowerCase } from '../../../text/format.ts'
import { digitalServiceLabel } from '../../../text/onboarding.ts'
import { formatDate } from '../../../text/oslo-time.ts'

// The municipality's services and the digital services activated for each; activating and deactivating.

function ServiceCard({ m, service, me }: { m: Municipality; service: Municipality['services'][number]; me: StaffMe }) {
  const change = useSetActivation(m.id, me.csrfToken)
  const inactive = DIGITAL_SERVICES.filter((d) => !service.active.some((a) => a.digitalService === d))
  const [choice, setChoice] = useState<DigitalService | ''>('')
  const feedback = useActionFeedback()
  const headingId = `service-${service.id}`
  const chosen = choice && inactive.includes(choice) ? choice : inactive[0]
  const run = (digitalService: DigitalService, active: boolean) => {
    feedback.start()
    change.mutate(
      { serviceId: service.id, digitalService, active },
      {
        onSuccess: () => feedback.succeed(`${digitalServiceLabel(digitalService)} er ${active ? 'aktivert' : 'deaktivert'} for ${lowerCase(service.name)}.`),
        onError: (e) => feedback.fail(problemDetail(e, 'Vi klarte ikke å endre aktiveringen. Prøv igjen.')),
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
                    {lowerCase(digitalServiceLabel(a.digitalService))} for {lowerCase(service.name)}
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
              Aktiver<span className="app-visually-hidden"> for {lowerCase(service.name)}</span>
            </Button>
          </form>
        ) : null}
        <Feedback error={feedback.error} done={feedback.done} />
      </Card>
    </section>
  )
}

export function ServicesSection({ m, me }: { m: Municipality; me: StaffMe }) {
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
