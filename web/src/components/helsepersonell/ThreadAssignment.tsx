import { Button, Field, Heading, Label, Paragraph, Select } from '@digdir/designsystemet-react'
import { type FormEvent, useState } from 'react'
import { type StaffThreadDetail, useAssignees, useAssignThread } from '../../api/helsepersonell/service-threads.ts'
import { problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { formatDateTime } from '../../text/oslo-time.ts'
import { Feedback } from '../Feedback.tsx'

const NOBODY = ''

/** Who in the service has the thread, and giving it to a colleague (or to nobody). The audit log records each change. */
export function ThreadAssignment({ me, thread }: { me: StaffMe; thread: StaffThreadDetail }) {
  const assignees = useAssignees(thread.service.id)
  const assign = useAssignThread(thread.service.id, thread.id)
  const [chosen, setChosen] = useState(thread.assignee?.staffId ?? NOBODY)
  const [done, setDone] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone(null)
    assign.mutate(
      { staffId: chosen === NOBODY ? null : chosen, csrfToken: me.csrfToken },
      { onSuccess: (t) => setDone(t.assignee ? `Samtalen er gitt til ${t.assignee.name}.` : 'Ingen har samtalen nå.') },
    )
  }
  const options = assignees.data?.items ?? []
  return (
    <section className="app-stack app-stack--tight" aria-labelledby="assignee-heading">
      <Heading level={2} data-size="sm" id="assignee-heading">
        Hvem har samtalen
      </Heading>
      <Paragraph>
        {thread.assignee ? (
          <>
            <strong>{thread.assignee.name}</strong> har samtalen (siden {formatDateTime(thread.assignee.assignedAt)}).
          </>
        ) : (
          'Ingen har tatt samtalen ennå.'
        )}
      </Paragraph>
      <form className="app-search-row app-form" onSubmit={submit}>
        <Field>
          <Label>Gi samtalen til</Label>
          <Select value={chosen} onChange={(event) => setChosen(event.target.value)} disabled={!assignees.isSuccess}>
            <Select.Option value={NOBODY}>Ingen</Select.Option>
            {options.map((o) => (
              <Select.Option key={o.staffId} value={o.staffId}>
                {o.staffId === me.staff.id ? `${o.name} (deg)` : o.name}
                {o.profession ? `, ${o.profession}` : ''}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <div>
          <Button type="submit" variant="secondary" loading={assign.isPending} disabled={chosen === (thread.assignee?.staffId ?? NOBODY)}>
            Lagre
          </Button>
        </div>
      </form>
      <Feedback error={assign.isError ? problemDetail(assign.error, 'Vi klarte ikke å gi bort samtalen. Prøv igjen om litt.') : null} done={done} />
    </section>
  )
}
