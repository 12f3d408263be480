import { Button, Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { useLocation } from 'react-router'
import { type Me, useMe } from '../api/me.ts'
import { homePath, type LoginKind, loginUrl } from '../auth/login-url.ts'
import { useTexts } from '../i18n/texts.ts'
import { commonTexts } from './common.texts.ts'
import { AppLink } from './links.tsx'
import { PageError, PageLoading } from './PageStates.tsx'
import { useDocumentTitle } from './use-document-title.ts'

const kindTexts = {
  citizen: { loginRequired: 'loginRequiredCitizen', logIn: 'logInCitizen', wrongKind: 'wrongKindCitizenTitle', signedInAs: 'signedInAsCitizen' },
  staff: { loginRequired: 'loginRequiredStaff', logIn: 'logInStaff', wrongKind: 'wrongKindStaffTitle', signedInAs: 'signedInAsStaff' },
} as const

function LoginRequired({ kind }: { kind: LoginKind }) {
  const { pathname, search } = useLocation()
  const t = useTexts(commonTexts)
  useDocumentTitle(t('loginRequiredTitle'))
  return (
    <section className="app-stack" aria-labelledby="login-required-heading">
      <Heading level={1} data-size="lg" id="login-required-heading">
        {t('loginRequiredTitle')}
      </Heading>
      <Paragraph>{t(kindTexts[kind].loginRequired)}</Paragraph>
      <div className="app-actions">
        <Button asChild>
          <a href={loginUrl(kind, `${pathname}${search}`)}>{t(kindTexts[kind].logIn)}</a>
        </Button>
        <AppLink to="/">{t('toFrontPage')}</AppLink>
      </div>
    </section>
  )
}

function WrongKind({ kind, me }: { kind: LoginKind; me: Me }) {
  const t = useTexts(commonTexts)
  useDocumentTitle(t(kindTexts[kind].wrongKind))
  return (
    <section className="app-stack" aria-labelledby="wrong-kind-heading">
      <Heading level={1} data-size="lg" id="wrong-kind-heading">
        {t(kindTexts[kind].wrongKind)}
      </Heading>
      <Paragraph>{t(kindTexts[me.kind].signedInAs)}</Paragraph>
      <div>
        <AppLink to={homePath[me.kind]}>{t('toYourPage')}</AppLink>
      </div>
    </section>
  )
}

type RequireSignInProps<K extends LoginKind> = {
  kind: K
  children: (me: Extract<Me, { kind: K }>) => ReactNode
}

/**
 * Renders its page only for a signed-in user of the right kind. Without a session it explains and
 * offers the login link instead of redirecting, so a failing login can never loop.
 */
export function RequireSignIn<K extends LoginKind>({ kind, children }: RequireSignInProps<K>) {
  const me = useMe()
  if (me.isPending) return <PageLoading />
  if (me.isError) return <PageError onRetry={() => void me.refetch()} />
  if (me.data === null) return <LoginRequired kind={kind} />
  if (me.data.kind !== kind) return <WrongKind kind={kind} me={me.data} />
  return <>{children(me.data as Extract<Me, { kind: K }>)}</>
}
