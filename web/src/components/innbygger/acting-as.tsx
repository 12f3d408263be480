import { Label, Paragraph, Select } from '@digdir/designsystemet-react'
import { createContext, type ReactNode, useContext, useId, useMemo, useState } from 'react'
import type { CitizenMe } from '../../api/me.ts'
import { useTexts } from '../../i18n/texts.ts'
import { innbyggerTexts } from './innbygger.texts.ts'

/** Whom a signed-in citizen is acting for right now: themselves or someone they represent. */
export type ActingAs = {
  personId: string
  name: string
  isSelf: boolean
  /** Areas the citizen may use for this person (every area when acting for themselves). */
  areas: readonly string[] | 'all'
  reduced: boolean
  choose(personId: string): void
}

const STORAGE_KEY = 'samband.actingFor'
const ActingAsContext = createContext<ActingAs | null>(null)

function storedChoice(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/**
 * Keeps the choice for the browser tab (sessionStorage), so a reload keeps it but a new login starts with oneself.
 * A stored person the citizen no longer represents falls back to themselves.
 */
export function ActingAsProvider({ me, children }: { me: CitizenMe; children: ReactNode }) {
  const [chosen, setChosen] = useState<string | null>(storedChoice)
  const value = useMemo<ActingAs>(() => {
    const choose = (personId: string) => {
      try {
        sessionStorage.setItem(STORAGE_KEY, personId)
      } catch {
        // Private mode: the choice lasts until the page is reloaded.
      }
      setChosen(personId)
    }
    const representation = me.representations.find((r) => r.personId === chosen)
    if (!representation) return { personId: me.person.id, name: me.person.name, isSelf: true, areas: 'all', reduced: false, choose }
    return { personId: representation.personId, name: representation.name, isSelf: false, areas: representation.areas, reduced: representation.reduced, choose }
  }, [me, chosen])
  return <ActingAsContext.Provider value={value}>{children}</ActingAsContext.Provider>
}

export function useActingAs(): ActingAs {
  const value = useContext(ActingAsContext)
  if (!value) throw new Error('useActingAs outside ActingAsProvider')
  return value
}

/** Whether the citizen may use `area` for the person they act for. */
export function actingAsCovers(actingAs: ActingAs, area: string): boolean {
  return actingAs.areas === 'all' || actingAs.areas.includes(area)
}

/** Always on the citizen's pages: whom they act for, and a way to switch when they represent anyone. */
export function ActingAsBar({ me }: { me: CitizenMe }) {
  const actingAs = useActingAs()
  const selectId = useId()
  const t = useTexts(innbyggerTexts)
  return (
    <section className={`app-acting-as${actingAs.isSelf ? '' : ' app-acting-as--other'}`} aria-label={t('barLabel')}>
      <div className="app-container app-acting-as__inner">
        <Paragraph data-size="sm" className="app-acting-as__text">
          {actingAs.isSelf ? (
            <>
              {t('usingForSelfBefore')}
              <strong>{t('yourself')}</strong>.
            </>
          ) : (
            <>
              {t('actingForBefore')}
              <strong>{actingAs.name}</strong>.
            </>
          )}
        </Paragraph>
        {me.representations.length > 0 ? (
          <div className="app-acting-as__switch">
            <Label htmlFor={selectId} data-size="sm">
              {t('switchPerson')}
            </Label>
            <Select id={selectId} data-size="sm" value={actingAs.personId} onChange={(e) => actingAs.choose(e.target.value)}>
              <Select.Option value={me.person.id}>{t('selfOption', { name: me.person.name })}</Select.Option>
              {me.representations.map((r) => (
                <Select.Option key={r.personId} value={r.personId}>
                  {r.name}
                </Select.Option>
              ))}
            </Select>
          </div>
        ) : null}
      </div>
    </section>
  )
}
