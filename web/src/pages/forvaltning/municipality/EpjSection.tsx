import { Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { DIGITAL_SERVICES, type DigitalService, type Municipality, useSaveEpj } from '../../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../../api/http.ts'
import type { StaffMe } from '../../../api/me.ts'
import { Feedback, useActionFeedback } from '../../../components/Feedback.tsx'
import { digitalServiceLabel } from '../../../text/onboarding.ts'

// Which digital services the municipality's EPJ supports: a service can only be activated when it does.

export function EpjSection({ m, me }: { m: Municipality; me: StaffMe }) {
  const save = useSaveEpj(m.id, me.csrfToken)
  const [product, setProduct] = useState(m.epj?.product ?? '')
  const [supported, setSupported] = useState<DigitalService[]>(m.epj?.supportedServices ?? [])
  const feedback = useActionFeedback()
  const toggle = (service: DigitalService, on: boolean) =>
    setSupported((current) => (on ? DIGITAL_SERVICES.filter((s) => s === service || current.includes(s)) : current.filter((s) => s !== service)))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    feedback.start()
    save.mutate(
      { product: product.trim() || null, supportedServices: supported },
      {
        onSuccess: () => feedback.succeed('EPJ-støtten er lagret.'),
        onError: (e) => feedback.fail(problemDetail(e, 'Vi klarte ikke å lagre EPJ-støtten. Prøv igjen.')),
      },
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
          <Feedback error={feedback.error} done={feedback.done} />
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
