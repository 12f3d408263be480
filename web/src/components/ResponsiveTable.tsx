import { Table } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'

type ResponsiveTableProps<T> = {
  items: readonly T[]
  itemKey: (item: T, index: number) => string
  /** The table's caption (visually hidden) and the name of its scroll region; its id must be unique on the page. */
  caption: { id: string; text: ReactNode }
  /** Names the list of cards that stands in for the table on narrow screens. */
  cardsLabel: string
  headers: readonly string[]
  zebra?: boolean
  rowClassName?: (item: T) => string | undefined
  /** One row's cells (Table.Cell), in the order of `headers`. */
  cells: (item: T) => ReactNode
  /** The card that shows the same item on a phone. */
  card: (item: T) => ReactNode
}

/**
 * A list shown twice, and CSS shows one: on wide screens a table in a scroll region, on phones a list of cards (four
 * or five columns do not fit 360 pixels). The scroll region is focusable and named by the caption, so keyboard users
 * can scroll a table wider than the screen.
 */
export function ResponsiveTable<T>(props: ResponsiveTableProps<T>) {
  const { items, itemKey } = props
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <section className="app-table-scroll app-only-wide" tabIndex={0} aria-labelledby={props.caption.id}>
        <Table zebra={props.zebra} className="app-table">
          <caption id={props.caption.id} className="app-visually-hidden">
            {props.caption.text}
          </caption>
          <Table.Head>
            <Table.Row>
              {props.headers.map((header) => (
                <Table.HeaderCell key={header}>{header}</Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {items.map((item, index) => (
              <Table.Row key={itemKey(item, index)} className={props.rowClassName?.(item)}>
                {props.cells(item)}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </section>
      <ul className="app-cards app-only-narrow" aria-label={props.cardsLabel}>
        {items.map((item, index) => (
          <li key={itemKey(item, index)}>{props.card(item)}</li>
        ))}
      </ul>
    </>
  )
}
