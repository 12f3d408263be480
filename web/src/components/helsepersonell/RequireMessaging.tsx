import { Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { StaffMe } from '../../api/me.ts'
import { AccessDenied } from '../AccessDenied.tsx'
import { RequireSignIn } from '../RequireSignIn.tsx'

/** Messages carry patient information: they are for health personnel acting for a service (as the server decides). */
export function canUseMessages(me: StaffMe): boolean {
  return me.service !== null && me.roles.includes('health_personnel')
}

function NotAvailable() {
  return (
    <AccessDenied
      headingId="no-messages-heading"
      title="Meldinger er ikke tilgjengelig"
      back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }}
    >
      <Paragraph>
        Meldinger om pasienter er for helsepersonell som handler på vegne av en tjeneste. Du har ikke rollen helsepersonell i tjenesten du handler for.
      </Paragraph>
    </AccessDenied>
  )
}

/** A staff page about messages: signed in as staff, and allowed to use them. */
export function RequireMessaging({ children }: { children: (me: StaffMe) => ReactNode }) {
  return <RequireSignIn kind="staff">{(me) => (canUseMessages(me) ? children(me) : <NotAvailable />)}</RequireSignIn>
}
