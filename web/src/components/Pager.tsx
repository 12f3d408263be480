import { Button, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { useTexts } from '../i18n/texts.ts'
import { commonTexts } from './common.texts.ts'

type PagerProps = {
  total: number
  offset: number
  limit: number
  /** Names the navigation landmark, e.g. "Sider i innboksen". */
  label: string
  onChange: (offset: number) => void
}

/** "Forrige" and "Neste" with where the user is; nothing when everything fits on one page. */
export function Pager({ total, offset, limit, label, onChange }: PagerProps) {
  const t = useTexts(commonTexts)
  if (total <= limit && offset === 0) return null
  const from = Math.min(offset + 1, total)
  const to = Math.min(offset + limit, total)
  return (
    <nav aria-label={label} className="app-pager">
      <Button variant="secondary" data-size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('previous')}
      </Button>
      <Paragraph data-size="sm" aria-live="polite">
        {t('showing', { from, to, total })}
      </Paragraph>
      <Button variant="secondary" data-size="sm" disabled={to >= total} onClick={() => onChange(offset + limit)}>
        {t('next')}
      </Button>
    </nav>
  )
}

/** Where the page starts, from the address (?fra=20); 0 for the first page or anything that is not a count. */
export function offsetParam(params: URLSearchParams): number {
  return Math.max(0, Number(params.get('fra')) || 0)
}

type PagedListProps = {
  total: number
  offset: number
  limit: number
  /** Names the pager's navigation landmark. */
  pagerLabel: string
  onPage: (offset: number) => void
  /** Said instead of the list when there is nothing in it. */
  empty: ReactNode
  /** Above the list: what needs attention, or how many there are. */
  notice?: ReactNode
  children: ReactNode
}

/** One page of a longer list, with what to say when it is empty, a notice above it and the pager below it. */
export function PagedList({ total, offset, limit, pagerLabel, onPage, empty, notice, children }: PagedListProps) {
  if (total === 0) return <Paragraph>{empty}</Paragraph>
  return (
    <div className="app-stack">
      {notice}
      {children}
      <Pager total={total} offset={offset} limit={limit} label={pagerLabel} onChange={onPage} />
    </div>
  )
}
