import { Button, Card, Heading, Paragraph } from '@digdir/designsystemet-react'
import { displayName, useMe } from '../../api/me.ts'
import { homePath, loginUrl } from '../../auth/login-url.ts'
import { AppLink } from '../../components/links.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { useTexts } from '../../i18n/texts.ts'
import { fellesTexts } from './felles.texts.ts'

function SignedInNotice() {
  const { data: me } = useMe()
  const t = useTexts(fellesTexts)
  if (!me) return null
  return (
    <Paragraph className="app-notice">
      {t('signedInAs', { name: displayName(me) })} <AppLink to={homePath[me.kind]}>{t('toYourPage')}</AppLink>
    </Paragraph>
  )
}

export function LandingPage() {
  const t = useTexts(fellesTexts)
  useDocumentTitle(t('title'))
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-intro">
        <Heading level={1} data-size="xl">
          {t('title')}
        </Heading>
        <Paragraph data-size="lg">{t('intro')}</Paragraph>
        <SignedInNotice />
      </div>

      <div className="app-choices">
        <Card data-color="accent" className="app-choice">
          <Heading level={2} data-size="sm">
            {t('forCitizens')}
          </Heading>
          <Paragraph>{t('forCitizensText')}</Paragraph>
          <div>
            <Button asChild>
              <a href={loginUrl('citizen', homePath.citizen)}>{t('logInCitizen')}</a>
            </Button>
          </div>
        </Card>
        <Card data-color="accent" className="app-choice">
          <Heading level={2} data-size="sm">
            {t('forStaff')}
          </Heading>
          <Paragraph>{t('forStaffText')}</Paragraph>
          <div>
            <Button asChild>
              <a href={loginUrl('staff', homePath.staff)}>{t('logInStaff')}</a>
            </Button>
          </div>
        </Card>
      </div>
    </div>
  )
}
