import { Heading, Paragraph } from '@digdir/designsystemet-react'
import { AppLink } from '../../components/links.tsx'
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
        <AppLink to="/">Gå til forsiden</AppLink>
      </Paragraph>
    </div>
  )
}
