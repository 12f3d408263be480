import { Button, Card, Field, Heading, Label, Paragraph, Select, Tag } from '@digdir/designsystemet-react'
import { useState } from 'react'
import { useInbox } from '../../api/helsepersonell/exchange.ts'
import { OPEN_THREADS, useServiceThreads } from '../../api/helsepersonell/service-threads.ts'
import { type StaffMe, useChooseService } from '../../api/me.ts'
import { Fact, Facts } from '../../components/Facts.tsx'
import { canUseMessages } from '../../components/helsepersonell/RequireMessaging.tsx'
import { LinkCard } from '../../components/LinkCard.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RequireSignIn } from '../../components/RequireSignIn.tsx'
import { type StatusTag, StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { formatOrganisationNumber } from '../../text/format.ts'
import { roleLabel } from '../../text/labels.ts'

function Roles({ roles }: { roles: string[] }) {
  if (roles.length === 0) return <>Ingen roller</>
  return <StatusTags tags={roles.map((role) => ({ label: roleLabel(role), color: 'neutral' }))} />
}

/** Staff in more than one service choose which one they act for in this session. */
function ServiceChooser({ me }: { me: StaffMe }) {
  const choose = useChooseService()
  const [serviceId, setServiceId] = useState(me.service?.id ?? me.memberships[0]?.serviceId ?? '')
  if (me.memberships.length < 2) return null
  return (
    <form
      className="app-stack app-stack--tight"
      onSubmit={(event) => {
        event.preventDefault()
        choose.mutate({ serviceId, csrfToken: me.csrfToken })
      }}
    >
      <Field>
        <Label>Bytt tjeneste</Label>
        <Select value={serviceId} onChange={(event) => setServiceId(event.target.value)}>
          {me.memberships.map((m) => (
            <Select.Option key={m.serviceId} value={m.serviceId}>
              {m.serviceName}, {m.organisationName}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <div>
        <Button type="submit" variant="secondary" disabled={choose.isPending || serviceId === me.service?.id}>
          Handle for denne tjenesten
        </Button>
      </div>
      {choose.isError ? <Paragraph role="alert">Vi kunne ikke bytte tjeneste. Prøv igjen.</Paragraph> : null}
    </form>
  )
}

/** Citizens' messages to the service, with how many wait for an answer or are past the promised answer time. */
function CitizenMessagesCard({ serviceId, serviceName }: { serviceId: string; serviceName: string }) {
  const threads = useServiceThreads(serviceId, OPEN_THREADS, 0)
  const overdue = threads.data?.overdue ?? 0
  const unanswered = threads.data?.unanswered ?? 0
  const tags: StatusTag[] = []
  if (overdue > 0) tags.push({ label: `${overdue} forfalt`, color: 'danger' })
  if (unanswered > 0) tags.push({ label: `${unanswered} venter på svar`, color: 'warning' })
  return (
    <LinkCard
      to="/helsepersonell/innbyggermeldinger"
      title="Meldinger fra innbyggere"
      description={<>Meldinger fra innbyggere og fullmektiger til {serviceName}. Svar og avslutt samtaler.</>}
    >
      <StatusTags tags={tags} />
    </LinkCard>
  )
}

/** Messages and the address registry; messages only for health personnel acting for a service. */
function Collaboration({ me }: { me: StaffMe }) {
  const messaging = canUseMessages(me)
  const inbox = useInbox(0, messaging)
  const attention = inbox.data?.needsAttention ?? 0
  return (
    <section className="app-stack" aria-labelledby="collaboration-heading">
      <Heading level={2} data-size="sm" id="collaboration-heading">
        Samhandling
      </Heading>
      <ul className="app-cards">
        {messaging ? (
          <li>
            <LinkCard
              to="/helsepersonell/meldinger"
              title="Meldinger"
              description={<>Innboks og sendte dialogmeldinger for {me.service?.name}, med kvitteringer.</>}
            >
              {attention > 0 ? (
                <div>
                  <Tag data-color="warning" data-size="sm">
                    {attention === 1 ? '1 melding trenger oppfølging' : `${attention} meldinger trenger oppfølging`}
                  </Tag>
                </div>
              ) : null}
              <Paragraph data-size="sm">
                <AppLink to="/helsepersonell/meldinger/ny">Skriv ny melding</AppLink>
              </Paragraph>
            </LinkCard>
          </li>
        ) : null}
        {messaging && me.service ? (
          <li>
            <CitizenMessagesCard serviceId={me.service.id} serviceName={me.service.name} />
          </li>
        ) : null}
        <li>
          <LinkCard
            to="/helsepersonell/adresseregister"
            title="Adresseregister"
            description="Finn HER-id og hvilke meldinger virksomheter, tjenester og leger tar imot."
          />
        </li>
      </ul>
    </section>
  )
}

/** The platform operator's work: municipalities' agreements, terms and digital services; the development mailbox. */
function Administration() {
  return (
    <section className="app-stack" aria-labelledby="administration-heading">
      <Heading level={2} data-size="sm" id="administration-heading">
        Forvaltning
      </Heading>
      <ul className="app-cards">
        <li>
          <LinkCard to="/forvaltning/kommuner" title="Kommuner" description="Vilkår, databehandleravtaler, EPJ-støtte, aktiverte tjenester og oppsigelser." />
        </li>
        <li>
          <LinkCard
            to="/forvaltning/utviklingspostkasse"
            title="Utviklingspostkassen"
            description="E-post og SMS som ville blitt sendt, i utvikling og demo uten e-postserver og SMS-tjeneste."
          />
        </li>
      </ul>
    </section>
  )
}

function StaffHome({ me }: { me: StaffMe }) {
  useDocumentTitle('Helsepersonell')
  const { staff, organisation, service, roles } = me
  const isOperator = roles.includes('platform_operator')
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader eyebrow={isOperator ? 'Plattformforvalter' : 'Helsepersonell'} title={staff.name}>
        {staff.hprNumber ? <Paragraph>HPR-nummer {staff.hprNumber}</Paragraph> : null}
      </PageHeader>

      <section className="app-stack" aria-labelledby="acting-for-heading">
        <Heading level={2} data-size="sm" id="acting-for-heading">
          Du handler på vegne av
        </Heading>
        <Card>
          <Facts>
            <Fact term="Virksomhet">
              {organisation ? (
                <>
                  {organisation.name}
                  <span className="app-cell-sub">Org.nr. {formatOrganisationNumber(organisation.organisationNumber)}</span>
                </>
              ) : (
                'Ingen virksomhet'
              )}
            </Fact>
            <Fact term="Tjeneste">
              {service ? (
                <>
                  {service.name}
                  <span className="app-cell-sub">HER-id {service.herId}</span>
                </>
              ) : (
                'Ingen tjeneste'
              )}
            </Fact>
            <Fact term="Roller">
              <Roles roles={roles} />
            </Fact>
          </Facts>
        </Card>
        <ServiceChooser me={me} />
        {isOperator ? (
          <Paragraph data-size="sm">Som plattformforvalter drifter du Samband. Du handler ikke for en helsetjeneste og ser ingen personopplysninger.</Paragraph>
        ) : null}
      </section>
      {isOperator ? <Administration /> : null}
      <Collaboration me={me} />
    </div>
  )
}

export function StaffHomePage() {
  return <RequireSignIn kind="staff">{(me) => <StaffHome me={me} />}</RequireSignIn>
}
