import { Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react'
import type { StaffMe } from '../api/me.ts'
import { RequireSignIn } from '../components/RequireSignIn.tsx'
import { useDocumentTitle } from '../components/use-document-title.ts'
import { formatOrganisationNumber } from '../text/format.ts'
import { roleLabel } from '../text/labels.ts'

function StaffHome({ me }: { me: StaffMe }) {
  useDocumentTitle('Helsepersonell')
  const { staff, organisation, service, roles } = me
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-stack--tight">
        <Paragraph data-size="sm" className="app-eyebrow">
          Helsepersonell
        </Paragraph>
        <Heading level={1} data-size="lg">
          {staff.name}
        </Heading>
        <Paragraph>HPR-nummer {staff.hprNumber}</Paragraph>
      </div>

      <section className="app-stack" aria-labelledby="acting-for-heading">
        <Heading level={2} data-size="sm" id="acting-for-heading">
          Du handler på vegne av
        </Heading>
        <Card>
          <dl className="app-facts">
            <div>
              <dt>Virksomhet</dt>
              <dd>
                {organisation.name}
                <span className="app-cell-sub">Org.nr. {formatOrganisationNumber(organisation.organisationNumber)}</span>
              </dd>
            </div>
            <div>
              <dt>Tjeneste</dt>
              <dd>
                {service.name}
                <span className="app-cell-sub">HER-id {service.herId}</span>
              </dd>
            </div>
            <div>
              <dt>Roller</dt>
              <dd>
                {roles.length === 0 ? (
                  'Ingen roller'
                ) : (
                  <ul className="app-tags">
                    {roles.map((role) => (
                      <li key={role}>
                        <Tag data-color="neutral" data-size="sm">
                          {roleLabel(role)}
                        </Tag>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          </dl>
        </Card>
      </section>
    </div>
  )
}

export function StaffHomePage() {
  return <RequireSignIn kind="staff">{(me) => <StaffHome me={me} />}</RequireSignIn>
}
