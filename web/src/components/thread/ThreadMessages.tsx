import { Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import type { AttachmentInfo, ThreadMessage } from '../../api/threads.ts'
import { useTexts } from '../../i18n/texts.ts'
import { formatBytes } from '../../text/format.ts'
import { byInstant } from '../../text/oslo-time.ts'
import { DateTime } from '../DateTime.tsx'
import { threadTexts } from './thread.texts.ts'

type ThreadMessagesProps<M extends ThreadMessage> = {
  messages: readonly M[]
  /** Whose messages are "ours" on this page: they get the other colour, so the two sides are easy to tell apart. */
  ownSide: ThreadMessage['from']
  /** Who wrote the message, as a heading for it. */
  author: (message: M) => string
  /** Who actually wrote it, when that says more than the heading (a representative). */
  byline: (message: M) => string | null
  /** Read status, or a "new" marker; null for nothing. */
  status: (message: M) => ReactNode
  attachmentHref: (attachment: AttachmentInfo) => string
}

/**
 * A thread's messages under the heading "Meldinger", oldest first, each with who wrote it, when, its attachments and
 * whether it has been read.
 */
export function ThreadMessages<M extends ThreadMessage>({ messages, ownSide, author, byline, status, attachmentHref }: ThreadMessagesProps<M>) {
  const t = useTexts(threadTexts)
  const sorted = byInstant(messages, (m) => m.createdAt, 'oldest-first')
  return (
    <section className="app-stack" aria-labelledby="messages-heading">
      <Heading level={2} data-size="sm" id="messages-heading">
        {t('messages')}
      </Heading>
      <ol className="app-thread" aria-label={t('messagesList')}>
        {sorted.map((m) => {
          const headingId = `message-${m.id}`
          const line = byline(m)
          const marker = status(m)
          return (
            <li key={m.id}>
              <article aria-labelledby={headingId} className={m.from === ownSide ? 'app-thread-message app-thread-message--own' : 'app-thread-message'}>
                <header className="app-thread-message__header">
                  <Heading level={3} data-size="2xs" id={headingId}>
                    {author(m)}
                  </Heading>
                  <Paragraph data-size="sm" className="app-cell-sub">
                    <DateTime value={m.createdAt} />
                  </Paragraph>
                </header>
                {line ? (
                  <Paragraph data-size="sm" className="app-thread-message__byline">
                    {line}
                  </Paragraph>
                ) : null}
                <Paragraph className="app-message-text">{m.body}</Paragraph>
                {m.attachments.length > 0 ? (
                  <ul className="app-plain-list" aria-label={t('attachments')}>
                    {m.attachments.map((a) => (
                      <li key={a.id} className="app-break-anywhere">
                        <Link href={attachmentHref(a)} download={a.fileName}>
                          {a.fileName}
                        </Link>
                        <span className="app-cell-sub">{t('attachmentSize', { size: formatBytes(a.byteSize) })}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {marker ? <div className="app-thread-message__status">{marker}</div> : null}
              </article>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

/** A small tag with optional text after it: "Lest 23. nov. 2026, 12:10". */
export function StatusLine({ tag, color, text }: { tag: string; color: 'success' | 'neutral' | 'info' | 'warning'; text?: string | undefined }) {
  return (
    <Paragraph data-size="sm" className="app-status-line">
      <Tag data-color={color} data-size="sm">
        {tag}
      </Tag>
      {text ? <span>{text}</span> : null}
    </Paragraph>
  )
}
