import { Link, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { Link as RouterLink } from 'react-router'

/** A link inside the app: Designsystemet's look, react-router's client-side navigation. */
export function AppLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link asChild>
      <RouterLink to={to}>{children}</RouterLink>
    </Link>
  )
}

/** A small link on a line of its own, above a page's heading ("Tilbake til …") or under a section. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Paragraph data-size="sm">
      <AppLink to={to}>{children}</AppLink>
    </Paragraph>
  )
}
