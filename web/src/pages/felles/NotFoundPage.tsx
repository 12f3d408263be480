import { Heading, Paragraph } from '@digdir/designsystemet-react'
import { AppLink } from '../../components/links.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useTexts } from '../../i18n/texts.ts'
import { fellesTexts } from './felles.texts.ts'

export function NotFoundPage() {
  const t = useTexts(fellesTexts)
  useDocumentTitle(t('notFoundTitle'))
  return (
    <div className="app-stack">
      <Heading level={1} data-size="lg">
        {t('notFoundTitle')}
      </Heading>
      <Paragraph>{t('notFoundText')}</Paragraph>
      <Paragraph>
        <AppLink to="/">{t('toFrontPage')}</AppLink>
      </Paragraph>
    </div>
  )
}
