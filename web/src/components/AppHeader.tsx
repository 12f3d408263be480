import { Avatar, Button, Paragraph } from '@digdir/designsystemet-react'
import { Link as RouterLink, useNavigate } from 'react-router'
import { displayName, type Me, useLogout, useMe } from '../api/me.ts'
import { LanguagePicker } from '../i18n/LanguagePicker.tsx'
import { useTexts } from '../i18n/texts.ts'
import { appShellTexts } from './app-shell.texts.ts'

function initials(name: string): string {
  const parts = name.trim().split(/\s+/)
  const first = parts[0]?.[0] ?? ''
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''
  return `${first}${last}`.toUpperCase()
}

function SignedInUser({ me }: { me: Me }) {
  const navigate = useNavigate()
  const logout = useLogout()
  const t = useTexts(appShellTexts)
  const name = displayName(me)
  const detail =
    me.kind === 'citizen' ? t('citizen') : (me.service?.name ?? (me.roles.includes('platform_operator') ? t('platformOperator') : t('healthPersonnel')))

  return (
    <div className="app-user">
      <Avatar aria-hidden initials={initials(name)} data-size="sm" />
      <div className="app-user__text">
        <span className="app-visually-hidden">{t('signedInAs')}</span>
        <span className="app-user__name">{name}</span>
        <span className="app-user__detail">{detail}</span>
      </div>
      <Button variant="secondary" data-size="sm" loading={logout.isPending} onClick={() => logout.mutate(me.csrfToken, { onSuccess: () => navigate('/') })}>
        {t('logOut')}
      </Button>
      {logout.isError && (
        <Paragraph role="alert" data-size="sm" className="app-user__error">
          {t('logOutFailed')}
        </Paragraph>
      )}
    </div>
  )
}

export function AppHeader() {
  const { data: me } = useMe()
  const t = useTexts(appShellTexts)
  // Staff pages are in bokmål only; citizens and visitors choose.
  const offersLanguages = !me || me.kind === 'citizen'
  return (
    <header className="app-header">
      <div className="app-container app-header__inner">
        <RouterLink to="/" className="app-brand">
          <img src="/favicon.svg" alt="" className="app-brand__logo" width="32" height="32" />
          <span className="app-brand__text">
            <span className="app-brand__name">Samband</span>
            <span className="app-brand__tagline">{t('tagline')}</span>
          </span>
        </RouterLink>
        <div className="app-header__tools">
          {offersLanguages ? <LanguagePicker /> : null}
          {me ? <SignedInUser me={me} /> : null}
        </div>
      </div>
    </header>
  )
}
