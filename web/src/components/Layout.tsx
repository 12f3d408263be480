import { SkipLink } from '@digdir/designsystemet-react'
import { useEffect, useRef } from 'react'
import { Outlet, useLocation } from 'react-router'
import { useMe } from '../api/me.ts'
import { showLanguage } from '../i18n/language-choice.ts'
import { storedLanguage } from '../i18n/languages.ts'
import { useTexts } from '../i18n/texts.ts'
import { appShellTexts } from './app-shell.texts.ts'
import { AppFooter } from './AppFooter.tsx'
import { AppHeader } from './AppHeader.tsx'
import { ActingAsBar, ActingAsProvider } from './innbygger/acting-as.tsx'

export function Layout() {
  const { pathname } = useLocation()
  const { data: me } = useMe()
  const mainRef = useRef<HTMLElement>(null)
  const previousPath = useRef(pathname)
  const t = useTexts(appShellTexts)
  const staff = me != null && me.kind !== 'citizen'

  // Staff pages are in bokmål; a citizen or visitor sees the language they chose in this browser.
  useEffect(() => {
    showLanguage(staff ? 'nb' : storedLanguage())
  }, [staff])

  // After a client-side navigation, move focus to the new content (as a full page load would
  // reset it), so keyboard and screen reader users do not stay on the link they just used.
  useEffect(() => {
    if (previousPath.current === pathname) return
    previousPath.current = pathname
    mainRef.current?.focus()
  }, [pathname])

  const shell = (
    <div className="app-shell">
      <SkipLink href="#main">{t('skipToMain')}</SkipLink>
      <AppHeader />
      {me?.kind === 'citizen' && pathname.startsWith('/innbygger') ? <ActingAsBar me={me} /> : null}
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
      <AppFooter />
    </div>
  )
  // Citizen pages read whom the citizen acts for from here (useActingAs).
  return me?.kind === 'citizen' ? <ActingAsProvider me={me}>{shell}</ActingAsProvider> : shell
}
