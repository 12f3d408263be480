import { Paragraph } from '@digdir/designsystemet-react'
import { useTexts } from '../i18n/texts.ts'
import { appShellTexts } from './app-shell.texts.ts'

export function AppFooter() {
  const t = useTexts(appShellTexts)
  return (
    <footer className="app-footer">
      <div className="app-container">
        <Paragraph data-size="sm">{t('footer')}</Paragraph>
      </div>
    </footer>
  )
}
