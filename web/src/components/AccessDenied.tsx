import { Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { AppLink } from './links.tsx'
import { useDocumentTitle } from './use-document-title.ts'

type AccessDeniedProps = {
  /** The id of the h1 that names the section. */
  headingId: string
  /** The h1 and the document title. */
  title: string
  /** Why, as paragraphs. */
  children: ReactNode
  back: { to: string; label: string }
}

/** In place of a page the user may not use: what it is for and the way back, instead of a page of errors. */
export function AccessDenied({ headingId, title, children, back }: AccessDeniedProps) {
  useDocumentTitle(title)
  return (
    <section className="app-stack" aria-labelledby={headingId}>
      <Heading level={1} data-size="lg" id={headingId}>
        {title}
      </Heading>
      {children}
      <Paragraph>
        <AppLink to={back.to}>{back.label}</AppLink>
      </Paragraph>
    </section>
  )
}
