import { Card, Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { AppLink } from './links.tsx'

/** A card on a home page that leads to one part of the portal: its name as a link, what it is for, and anything more. */
export function LinkCard({ to, title, description, children }: { to: string; title: string; description: ReactNode; children?: ReactNode }) {
  return (
    <Card className="app-stack app-stack--tight">
      <Heading level={3} data-size="xs">
        <AppLink to={to}>{title}</AppLink>
      </Heading>
      <Paragraph data-size="sm">{description}</Paragraph>
      {children}
    </Card>
  )
}
