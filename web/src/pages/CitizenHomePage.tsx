import { Card, Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react'
import { Link as RouterLink } from 'react-router'
import type { CitizenMe, Representation } from '../api/me.ts'
import { RequireSignIn } from '../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../components/use-document-title.ts'
import { formatDate } from '../text/format.ts'
import { areaLabel, basisLabel, reducedRightsNote } from '../text/labels.ts'

// Parents' rights end by law (at 12 full rights become limited, at 16 they end), so the server
// gives them no end date of their own.
function validity(representation: Representation): string {
  if (representation.validTo) return `Til ${formatDate(representation.validTo)}`
  if (representation.basis === 'parent') {
    return representation.reduced ? 'Til barnet fyller 16 år' : 'Full tilgang til barnet fyller 12 år'
  }
  return 'Uten sluttdato'
}

function RepresentationCard({ representation }: { representation: Representation }) {
  const headingId = `representation-${representation.personId}`
  return (
    <Card asChild className="app-stack app-stack--tight">
      <article aria-labelledby={headingId}>
      <Heading level={3} data-size="xs" id={headingId}>
        {representation.name}
      </Heading>
      <dl className="app-facts">
        <div>
          <dt>Født</dt>
          <dd>{formatDate(representation.birthDate)}</dd>
        </div>
        <div>
          <dt>Grunnlag</dt>
          <dd>{basisLabel(representation.basis)}</dd>
        </div>
        <div>
          <dt>Gyldig</dt>
          <dd>{validity(representation)}</dd>
        </div>
        <div>
          <dt>Tjenester</dt>
          <dd>
            {representation.areas.length === 0 ? (
              'Ingen'
            ) : (
              <ul className="app-tags">
                {representation.areas.map((area) => (
                  <li key={area}>
                    <Tag data-color="neutral" data-size="sm">
                      {areaLabel(area)}
                    </Tag>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {representation.reduced ? (
        <Paragraph data-size="sm" className="app-note">
          {reducedRightsNote}
        </Paragraph>
      ) : null}
      {representation.areas.includes('access-log') ? (
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink to={`/innbygger/logg?person=${encodeURIComponent(representation.personId)}`}>
              Hvem har sett opplysningene til {representation.name}
            </RouterLink>
          </Link>
        </Paragraph>
      ) : null}
      </article>
    </Card>
  )
}

function CitizenHome({ me }: { me: CitizenMe }) {
  useDocumentTitle('Min side')
  const { person, representations } = me
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm" className="app-eyebrow">
          Min side
        </Paragraph>
        <Heading level={1} data-size="lg">
          {person.name}
        </Heading>
        <Paragraph>Født {formatDate(person.birthDate)}</Paragraph>
      </div>

      <section className="app-stack" aria-labelledby="representations-heading">
        <Heading level={2} data-size="sm" id="representations-heading">
          Du kan handle på vegne av
        </Heading>
        {representations.length === 0 ? (
          <Paragraph>Du kan ikke handle på vegne av noen andre. Her vises barn du har foreldreansvar for, og personer som har gitt deg fullmakt.</Paragraph>
        ) : (
          <ul className="app-cards">
            {representations.map((representation) => (
              <li key={representation.personId}>
                <RepresentationCard representation={representation} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="app-stack" aria-labelledby="privacy-heading">
        <Heading level={2} data-size="sm" id="privacy-heading">
          Innsyn
        </Heading>
        <Paragraph>
          <Link asChild>
            <RouterLink to="/innbygger/logg">Hvem har sett opplysningene dine</RouterLink>
          </Link>
        </Paragraph>
      </section>
    </div>
  )
}

export function CitizenHomePage() {
  return <RequireSignIn kind="citizen">{(me) => <CitizenHome me={me} />}</RequireSignIn>
}
