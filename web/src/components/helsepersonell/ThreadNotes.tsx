import { Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type StaffThreadDetail, useAddNote } from '../../api/helsepersonell/service-threads.ts'
import { problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../DateTime.tsx'
import { Feedback } from '../Feedback.tsx'

const MAX_NOTE = 4000

/** Internal notes on the thread: the service's staff only; never shown to the citizen nor sent to the EPJ. */
export function ThreadNotes({ me, thread }: { me: StaffMe; thread: StaffThreadDetail }) {
  const add = useAddNote(thread.service.id, thread.id)
  const [body, setBody] = useState('')
  const [missing, setMissing] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    if (body.trim() === '') {
      setMissing(true)
      document.getElementById('note-body')?.focus()
      return
    }
    setMissing(false)
    add.mutate(
      { body, csrfToken: me.csrfToken },
      {
        onSuccess: () => {
          setBody('')
          setDone('Notatet er lagret.')
        },
      },
    )
  }
  return (
    <section className="app-stack" aria-labelledby="notes-heading">
      <Heading level={2} data-size="sm" id="notes-heading">
        Interne notater
      </Heading>
      <Paragraph>Bare ansatte i {thread.service.name} ser notatene. De vises aldri for innbyggeren og sendes ikke til journalsystemet.</Paragraph>
      {thread.notes.length > 0 ? (
        <ul className="app-plain-list app-stack app-stack--tight" aria-label="Interne notater, eldste først">
          {thread.notes.map((n) => (
            <li key={n.id} className="app-note">
              <Paragraph data-size="sm" className="app-cell-sub">
                {n.authorName}, <DateTime value={n.createdAt} />
              </Paragraph>
              <Paragraph className="app-message-text">{n.body}</Paragraph>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="app-stack app-form" onSubmit={submit} noValidate>
        <Textfield
          id="note-body"
          multiline
          rows={3}
          label="Nytt notat"
          value={body}
          maxLength={MAX_NOTE}
          onChange={(event) => setBody(event.target.value)}
          error={missing ? 'Skriv et notat.' : undefined}
        />
        <Feedback error={add.isError ? problemDetail(add.error, 'Vi klarte ikke å lagre notatet. Prøv igjen om litt.') : null} done={done} />
        <div>
          <Button type="submit" variant="secondary" loading={add.isPending}>
            Lagre notat
          </Button>
        </div>
      </form>
    </section>
  )
}
