import { Heading, Paragraph } from '@digdir/designsystemet-react'
import { type DigitalServiceOffer, type HealthContacts, type ServiceContact, useHealthContacts } from '../../api/innbygger/health-contacts.ts'
import { ArticleCard } from '../../components/ArticleCard.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { type ActingAs, actingAsCovers } from '../../components/innbygger/acting-as.tsx'
import { RequireCitizenArea } from '../../components/innbygger/RequireCitizenArea.tsx'
import { AppLink } from '../../components/links.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { QueryContent } from '../../components/PageStates.tsx'
import { StatusTags } from '../../components/StatusTags.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useTexts } from '../../i18n/texts.ts'
import { areaLabel } from '../../text/labels.ts'
import { formatLastDayBefore } from '../../text/oslo-time.ts'
import { healthContactsTexts as texts } from './health-contacts.texts.ts'

/** "+4733348000" → "33 34 80 00", as Norwegian numbers are written; anything else as it is. */
function formatPhone(phone: string): string {
  const match = /^(?:\+47)?(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(phone.replace(/\s/g, ''))
  return match ? `${match[1]} ${match[2]} ${match[3]} ${match[4]}` : phone
}

function DigitalServices({ offers, service, canWrite }: { offers: DigitalServiceOffer[]; service: ServiceContact; canWrite: boolean }) {
  const t = useTexts(texts)
  if (offers.length === 0) return <>{t('noneYet')}</>
  const messages = offers.find((o) => o.code === 'messages')
  return (
    <div className="app-stack app-stack--tight">
      <StatusTags tags={offers.map((o) => ({ label: areaLabel(o.code), color: 'success' }))} />
      {offers
        .filter((o) => o.endsAt)
        .map((o) => (
          <Paragraph key={o.code} data-size="sm" className="app-note">
            {t('usableUntil', { area: areaLabel(o.code), date: formatLastDayBefore(o.endsAt as string) })}
          </Paragraph>
        ))}
      {messages && canWrite ? (
        <Paragraph data-size="sm">
          <AppLink to={`/innbygger/meldinger/ny?tjeneste=${encodeURIComponent(service.id)}`}>
            {t('writeMessage')}
            <span className="app-visually-hidden"> {t('writeMessageTo', { service: service.name, organisation: service.organisation.name })}</span>
          </AppLink>
        </Paragraph>
      ) : null}
    </div>
  )
}

function ServiceFacts({ service, canWrite, extra }: { service: ServiceContact; canWrite: boolean; extra?: { term: string; value: string } }) {
  const address = service.address
    ? [service.address.line, [service.address.postalCode, service.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
    : null
  const t = useTexts(texts)
  return (
    <Facts>
      {extra ? <Fact term={extra.term}>{extra.value}</Fact> : null}
      <Fact term={t('phone')}>{service.phone ? <a href={`tel:${service.phone}`}>{formatPhone(service.phone)}</a> : t('notGiven')}</Fact>
      {service.email ? (
        <Fact term={t('email')}>
          <a href={`mailto:${service.email}`}>{service.email}</a>
        </Fact>
      ) : null}
      <Fact term={t('address')}>{address ?? t('notGiven')}</Fact>
      <Fact term={t('openingHours')}>{service.openingHours ?? t('notGiven')}</Fact>
      <Fact term={t('online')}>
        <DigitalServices offers={service.digitalServices} service={service} canWrite={canWrite} />
      </Fact>
    </Facts>
  )
}

function ServiceCard({
  service,
  idPrefix,
  canWrite,
  extra,
}: {
  service: ServiceContact
  idPrefix: string
  canWrite: boolean
  extra?: { term: string; value: string }
}) {
  const headingId = `${idPrefix}-${service.id}`
  return (
    <ArticleCard
      headingId={headingId}
      title={
        <>
          {service.name}
          <span className="app-cell-sub">{service.organisation.name}</span>
        </>
      }
    >
      {service.about ? <Paragraph data-size="sm">{service.about}</Paragraph> : null}
      <ServiceFacts service={service} canWrite={canWrite} {...(extra ? { extra } : {})} />
    </ArticleCard>
  )
}

function ServiceList({ services, idPrefix, canWrite }: { services: ServiceContact[]; idPrefix: string; canWrite: boolean }) {
  return (
    <ul className="app-cards">
      {services.map((s) => (
        <li key={s.id}>
          <ServiceCard service={s} idPrefix={idPrefix} canWrite={canWrite} />
        </li>
      ))}
    </ul>
  )
}

function Contacts({ data, actingAs }: { data: HealthContacts; actingAs: ActingAs }) {
  const t = useTexts(texts)
  const canWrite = actingAsCovers(actingAs, 'messages') && !actingAs.reduced
  return (
    <>
      <section className="app-stack" aria-labelledby="gp-heading">
        <Heading level={2} data-size="sm" id="gp-heading">
          {t('gp')}
        </Heading>
        {data.fastlege ? (
          <ServiceCard
            service={data.fastlege.service}
            idPrefix="gp"
            canWrite={canWrite}
            {...(data.fastlege.doctorName ? { extra: { term: t('gp'), value: data.fastlege.doctorName } } : {})}
          />
        ) : (
          <Paragraph>{actingAs.isSelf ? t('noGpSelf') : t('noGpOther', { name: actingAs.name })}</Paragraph>
        )}
      </section>

      <section className="app-stack" aria-labelledby="primary-heading">
        <Heading level={2} data-size="sm" id="primary-heading">
          {t('contactPersons')}
        </Heading>
        {data.primaryContacts.length === 0 ? (
          <Paragraph>{t('noPrimaryContact')}</Paragraph>
        ) : (
          <ul className="app-plain-list">
            {data.primaryContacts.map((c) => (
              <li key={`${c.service.id}-${c.name}`}>
                <strong>{c.name}</strong>
                {c.profession ? `, ${c.profession}` : ''} {t('primaryContactIn', { service: c.service.name, organisation: c.service.organisationName })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="app-stack" aria-labelledby="received-heading">
        <Heading level={2} data-size="sm" id="received-heading">
          {actingAs.isSelf ? t('servicesSelf') : t('servicesOther', { name: actingAs.name })}
        </Heading>
        {data.services.length === 0 ? (
          <Paragraph>{t('noOtherServices')}</Paragraph>
        ) : (
          <ServiceList services={data.services} idPrefix="received" canWrite={canWrite} />
        )}
      </section>

      {data.municipality ? (
        <section className="app-stack" aria-labelledby="municipality-heading">
          <Heading level={2} data-size="sm" id="municipality-heading">
            {t('servicesIn', { municipality: data.municipality.name })}
          </Heading>
          <Paragraph>{actingAs.isSelf ? t('onlyReceivedSelf') : t('onlyReceivedOther', { name: actingAs.name })}</Paragraph>
          <ServiceList services={data.municipality.services} idPrefix="municipality" canWrite={false} />
        </section>
      ) : null}
    </>
  )
}

function HealthContactsFor({ actingAs }: { actingAs: ActingAs }) {
  const t = useTexts(texts)
  const title = actingAs.isSelf ? t('title') : t('titleFor', { name: actingAs.name })
  useDocumentTitle(title)
  const contacts = useHealthContacts(actingAs.personId)
  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/innbygger', label: t('backToHome') }} title={title}>
        <Paragraph className="app-intro">{t('intro')}</Paragraph>
      </PageHeader>
      <QueryContent query={contacts} error={t('loadFailed')}>
        {(data) => <Contacts data={data} actingAs={actingAs} />}
      </QueryContent>
    </div>
  )
}

export function HealthContactsPage() {
  const t = useTexts(texts)
  return (
    <RequireCitizenArea area="health-contacts" what={t('what')}>
      {(_me, actingAs) => <HealthContactsFor key={actingAs.personId} actingAs={actingAs} />}
    </RequireCitizenArea>
  )
}
