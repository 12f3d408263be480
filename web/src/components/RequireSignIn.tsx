import { Button, Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { useLocation } from 'react-router'
import { type Me, useMe } from '../api/me.ts'
import { homePath, type LoginKind, loginUrl } from '../auth/login-url.ts'
import { AppLink } from './links.tsx'
import { PageError, PageLoading } from './PageStates.tsx'
import { useDocumentTitle } from './use-document-title.ts'

const kindNoun: Record<LoginKind, { plural: string; loginLabel: string }> = {
  citizen: { plural: 'innbyggere', loginLabel: 'Logg inn som innbygger' },
  staff: { plural: 'helsepersonell', loginLabel: 'Logg inn som helsepersonell' },
}

function LoginRequired({ kind }: { kind: LoginKind }) {
  const { pathname, search } = useLocation()
  useDocumentTitle('Du må logge inn')
  return (
    <section className="app-stack" aria-labelledby="login-required-heading">
      <Heading level={1} data-size="lg" id="login-required-heading">
        Du må logge inn
      </Heading>
      <Paragraph>Denne siden er for {kindNoun[kind].plural}. Du er ikke logget inn, eller økten din er utløpt.</Paragraph>
      <div className="app-actions">
        <Button asChild>
          <a href={loginUrl(kind, `${pathname}${search}`)}>{kindNoun[kind].loginLabel}</a>
        </Button>
        <AppLink to="/">Til forsiden</AppLink>
      </div>
    </section>
  )
}

function WrongKind({ kind, me }: { kind: LoginKind; me: Me }) {
  useDocumentTitle(`Siden er for ${kindNoun[kind].plural}`)
  return (
    <section className="app-stack" aria-labelledby="wrong-kind-heading">
      <Heading level={1} data-size="lg" id="wrong-kind-heading">
        Denne siden er for {kindNoun[kind].plural}
      </Heading>
      <Paragraph>
        Du er logget inn som {me.kind === 'citizen' ? 'innbygger' : 'helsepersonell'}. Logg ut først hvis du vil logge inn på en annen måte.
      </Paragraph>
      <div>
        <AppLink to={homePath[me.kind]}>Gå til din side</AppLink>
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
