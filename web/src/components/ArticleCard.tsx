import { Card, Heading } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'

/** A card in a list of people, services or fullmakter: an article named by its h3 (`headingId`), the rest below it. */
export function ArticleCard({ headingId, title, children }: { headingId: string; title: ReactNode; children: ReactNode }) {
  return (
    <Card asChild className="app-stack app-stack--tight">
      <article aria-labelledby={headingId}>
        <Heading level={3} data-size="xs" id={headingId}>
          {title}
        </Heading>
        {children}
      </article>
    </Card>
  )
}
