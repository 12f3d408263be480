import { Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { BackLink } from './links.tsx'

type PageHeaderProps = {
  /** "Tilbake til …" above everything else. */
  back?: { to: string; label: string }
  /** A small line above the heading: what kind of page or whose it is. */
  eyebrow?: ReactNode
  /** The page's one h1. */
  title: ReactNode
  titleClassName?: string
  /** Intro, actions and notes under the heading. */
  children?: ReactNode
}

/** The top of a page: the way back, the h1 and what introduces the page, kept close together. */
export function PageHeader({ back, eyebrow, title, titleClassName, children }: PageHeaderProps) {
  return (
    <div className="app-stack app-stack--tight">
      {back ? <BackLink to={back.to}>{back.label}</BackLink> : null}
      {eyebrow ? (
        <Paragraph data-size="sm" className="app-eyebrow">
          {eyebrow}
        </Paragraph>
      ) : null}
      <Heading level={1} data-size="lg" className={titleClassName}>
        {title}
      </Heading>
      {children}
    </div>
  )
}
