import { Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { StaffMe } from '../../api/me.ts'
import { RequireSignIn } from '../RequireSignIn.tsx'
import { useDocumentTitle } from '../use-document-title.ts'
import { AppLink } from '../links.tsx'

/** Messages carry patient information: they are for health personnel acting for a service (as the server decides). */
export function canUseMessages(me: StaffMe): boolean {
  return me.service !== null && me.roles.includes('health_personnel')
}

function NotAvailable() {
  useDocumentTitle('Meldinger er ikke tilgjengelig')
  return (
    <section className="app-stack" aria-labelledby="no-messages-heading">
      <Heading level={1} data-size="lg" id="no-messages-heading">
        Meldinger er ikke tilgjengelig
      </Heading>
      <Paragraph>
        Meldinger om pasienter er for helsepersonell som handler på vegne av en tjeneste. Du har ikke rollen helsepersonell i tjenesten du handler for.
      </Paragraph>
      <Paragraph>
        <AppLink to="/helsepersonell">Tilbake til forsiden for helsepersonell</AppLink>
      </Paragraph>
    </section>
  )
}

/** A staff page about messages: signed in as staff, and allowed to use them. */
export function RequireMessaging({ children }: { children: (me: StaffMe) => ReactNode }) {
  return <RequireSignIn kind="staff">{(me) => (canUseMessages(me) ? children(me) : <NotAvailable />)}</RequireSignIn>
}
