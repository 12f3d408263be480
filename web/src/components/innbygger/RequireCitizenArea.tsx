import { Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { CitizenMe } from '../../api/me.ts'
import { useTexts } from '../../i18n/texts.ts'
import { AccessDenied } from '../AccessDenied.tsx'
import { RequireSignIn } from '../RequireSignIn.tsx'
import { type ActingAs, actingAsCovers, useActingAs } from './acting-as.tsx'
import { innbyggerTexts } from './innbygger.texts.ts'

type Props = {
  /** The service area the page belongs to (access.types.ts), e.g. 'messages'. */
  area: string
  /** What the page offers, in lower case for the sentence and in the reader's language: "meldinger". */
  what: string
  children: (me: CitizenMe, actingAs: ActingAs) => ReactNode
}

function NotCovered({ actingAs, what }: { actingAs: ActingAs; what: string }) {
  const t = useTexts(innbyggerTexts)
  return (
    <AccessDenied
      headingId="not-covered-heading"
      title={t('notCoveredTitle', { what, name: actingAs.name })}
      back={{ to: '/innbygger', label: t('backToHome') }}
    >
      <Paragraph>{t('notCoveredText', { what, name: actingAs.name })}</Paragraph>
    </AccessDenied>
  )
}

function Covered({ me, area, what, children }: Props & { me: CitizenMe }) {
  const actingAs = useActingAs()
  return actingAsCovers(actingAs, area) ? children(me, actingAs) : <NotCovered actingAs={actingAs} what={what} />
}

/**
 * A citizen page about one service area, for the person the citizen acts for: when the fullmakt (or a parent's rights)
 * does not cover the area, it says so instead of asking the server in vain. The server decides again.
 */
export function RequireCitizenArea(props: Props) {
  return <RequireSignIn kind="citizen">{(me) => <Covered me={me} {...props} />}</RequireSignIn>
}
