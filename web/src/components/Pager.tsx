import { Button, Paragraph } from '@digdir/designsystemet-react'

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
  if (total <= limit && offset === 0) return null
  const from = Math.min(offset + 1, total)
  const to = Math.min(offset + limit, total)
  return (
    <nav aria-label={label} className="app-pager">
      <Button variant="secondary" data-size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Forrige
      </Button>
      <Paragraph data-size="sm" aria-live="polite">
        Viser {from}–{to} av {total}
      </Paragraph>
      <Button variant="secondary" data-size="sm" disabled={to >= total} onClick={() => onChange(offset + limit)}>
        Neste
      </Button>
    </nav>
  )
}

/** Where the page starts, from the address (?fra=20); 0 for the first page or anything that is not a count. */
export function offsetParam(params: URLSearchParams): number {
  return Math.max(0, Number(params.get('fra')) || 0)
}
