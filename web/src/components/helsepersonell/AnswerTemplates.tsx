import { Button, Card, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useRef, useState } from 'react'
import { type AnswerTemplate, useAnswerTemplates, useDeleteTemplate, useSaveTemplate } from '../../api/helsepersonell/service-threads.ts'
import { problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { Feedback } from '../Feedback.tsx'

const MAX_TITLE = 100

/** The form that adds a template, or changes one (`editing`). */
function TemplateForm({ me, serviceId, editing, onDone }: { me: StaffMe; serviceId: string; editing: AnswerTemplate | null; onDone: (text: string) => void }) {
  const save = useSaveTemplate(serviceId)
  const [title, setTitle] = useState(editing?.title ?? '')
  const [body, setBody] = useState(editing?.body ?? '')
  const [missing, setMissing] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (title.trim() === '' || body.trim() === '') {
      setMissing(true)
      return
    }
    setMissing(false)
    save.mutate(
      { id: editing?.id ?? null, template: { title: title.trim(), body }, csrfToken: me.csrfToken },
      {
        onSuccess: (saved) => {
          setTitle('')
          setBody('')
          onDone(editing ? `Malen «${saved.title}» er endret.` : `Malen «${saved.title}» er lagt til.`)
        },
      },
    )
  }
  return (
    <form className="app-stack app-form" onSubmit={submit} noValidate aria-labelledby="template-form-heading">
      <Heading level={3} data-size="2xs" id="template-form-heading">
        {editing ? `Endre malen «${editing.title}»` : 'Ny mal'}
      </Heading>
      <Textfield
        id="template-title"
        label="Tittel"
        value={title}
        maxLength={MAX_TITLE}
        onChange={(event) => setTitle(event.target.value)}
        error={missing && title.trim() === '' ? 'Skriv en tittel.' : undefined}
      />
      <Textfield
        id="template-body"
        multiline
        rows={4}
        label="Tekst"
        description="Teksten settes inn i svarfeltet, der du kan endre den før du sender."
        value={body}
        onChange={(event) => setBody(event.target.value)}
        error={missing && body.trim() === '' ? 'Skriv teksten i malen.' : undefined}
      />
      <Feedback error={save.isError ? problemDetail(save.error, 'Vi klarte ikke å lagre malen. Prøv igjen om litt.') : null} done={null} />
      <div className="app-actions">
        <Button type="submit" loading={save.isPending}>
          {editing ? 'Lagre endringen' : 'Legg til malen'}
        </Button>
        {editing ? (
          <Button variant="secondary" onClick={() => onDone('')}>
            Avbryt
          </Button>
        ) : null}
      </div>
    </form>
  )
}

/** The service's answer templates, shared by its staff: add, change and delete. Picked in a thread's answer form. */
export function AnswerTemplates({ me, serviceId }: { me: StaffMe; serviceId: string }) {
  const templates = useAnswerTemplates(serviceId)
  const remove = useDeleteTemplate(serviceId)
  const [editing, setEditing] = useState<AnswerTemplate | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const finish = (text: string) => {
    setEditing(null)
    setDone(text || null)
    heading.current?.focus()
  }
  const items = templates.data?.items ?? []
  return (
    <section className="app-stack" aria-labelledby="templates-heading">
      <Heading level={2} data-size="sm" id="templates-heading" ref={heading} tabIndex={-1}>
        Svarmaler for tjenesten
      </Heading>
      <Paragraph>Maler alle i tjenesten kan bruke når de svarer innbyggere. Velg en mal i svarskjemaet i en samtale.</Paragraph>
      <Feedback error={remove.isError ? problemDetail(remove.error, 'Vi klarte ikke å slette malen. Prøv igjen om litt.') : null} done={done} />
      {templates.isError ? <Paragraph>Vi klarte ikke å hente malene akkurat nå.</Paragraph> : null}
      {items.length === 0 && templates.isSuccess ? <Paragraph>Tjenesten har ingen svarmaler ennå.</Paragraph> : null}
      {items.length > 0 ? (
        <ul className="app-plain-list app-stack app-stack--tight" aria-label="Svarmaler">
          {items.map((t) => (
            <li key={t.id}>
              <Card className="app-stack app-stack--tight">
                <Heading level={3} data-size="2xs">
                  {t.title}
                </Heading>
                <Paragraph className="app-message-text">{t.body}</Paragraph>
                <Paragraph data-size="sm" className="app-cell-sub">
                  Sist endret av {t.updatedByName}
                </Paragraph>
                <div className="app-actions">
                  <Button variant="secondary" data-size="sm" onClick={() => setEditing(t)} aria-label={`Endre malen ${t.title}`}>
                    Endre
                  </Button>
                  <Button
                    variant="tertiary"
                    data-color="danger"
                    data-size="sm"
                    aria-label={`Slett malen ${t.title}`}
                    onClick={() => remove.mutate({ id: t.id, csrfToken: me.csrfToken }, { onSuccess: () => finish(`Malen «${t.title}» er slettet.`) })}
                  >
                    Slett
                  </Button>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
      <TemplateForm key={editing?.id ?? 'new'} me={me} serviceId={serviceId} editing={editing} onDone={finish} />
    </section>
  )
}
