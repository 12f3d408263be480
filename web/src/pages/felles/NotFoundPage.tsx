import { Heading, Link, Paragraph } from '@digdir/designsystemet-react'
import { Link as RouterLink } from 'react-router'
import { useDocumentTitle } from '../../components/use-document-title.ts'

export function NotFoundPage() {
  useDocumentTitle('Fant ikke siden')
  return (
    <div className="app-stack">
      <Heading level={1} data-size="lg">
        Fant ikke siden
      </Heading>
      <Paragraph>Siden du leter etter finnes ikke, eller den er flyttet. Sjekk at adressen er riktig.</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/">Gå til forsiden</RouterLink>
        </Link>
      </Paragraph>
    </div>
  )
}
