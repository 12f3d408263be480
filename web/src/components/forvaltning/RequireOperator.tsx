import { Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { StaffMe } from '../../api/me.ts'
import { AccessDenied } from '../AccessDenied.tsx'
import { RequireSignIn } from '../RequireSignIn.tsx'

function isPlatformOperator(me: StaffMe): boolean {
  return me.roles.includes('platform_operator')
}

function OperatorsOnly() {
  return (
    <AccessDenied
      headingId="operators-only-heading"
      title="Bare for plattformforvalteren"
      back={{ to: '/helsepersonell', label: 'Tilbake til forsiden for helsepersonell' }}
    >
      <Paragraph>Denne siden er for plattformforvalteren, som har ansvaret for kommunenes avtaler og tjenester og for driften av Samband.</Paragraph>
    </AccessDenied>
  )
}

/** A page for the platform operator (the server decides too; this only spares others a page of errors). */
export function RequireOperator({ children }: { children: (me: StaffMe) => ReactNode }) {
  return <RequireSignIn kind="staff">{(me) => (isPlatformOperator(me) ? children(me) : <OperatorsOnly />)}</RequireSignIn>
}
