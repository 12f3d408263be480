import { Tag } from '@digdir/designsystemet-react'

export type TagColor = 'neutral' | 'info' | 'success' | 'warning' | 'danger'
/** A short status with a colour; the words carry the meaning, the colour only helps. */
export type StatusTag = { label: string; color: TagColor }

/** A row of tags (statuses, areas, roles), as a list so that screen readers hear how many there are; nothing when empty. */
export function StatusTags({ tags }: { tags: StatusTag[] }) {
  if (tags.length === 0) return null
  return (
    <ul className="app-tags">
      {tags.map((tag) => (
        <li key={tag.label}>
          <Tag data-color={tag.color} data-size="sm">
            {tag.label}
          </Tag>
        </li>
      ))}
    </ul>
  )
}
