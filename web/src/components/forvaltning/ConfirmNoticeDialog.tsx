import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react'
import { useEffect, useRef } from 'react'
import { type NoticePreview, useNoticePreview } from '../../api/forvaltning/onboarding.ts'
import { problemDetail } from '../../api/http.ts'
import { digitalServiceLabel } from '../../text/onboarding.ts'
import { formatDate } from '../../text/oslo-time.ts'
import { ErrorAlert } from '../Feedback.tsx'
import { Loading } from '../PageStates.tsx'

export type NoticeParty = NoticePreview['options'][number]['initiatedBy']

const PARTY_TEXT: Record<NoticeParty, string> = {
  municipality: 'Kommunen sier opp med én måneds varsel',
  operator: 'Plattformforvalteren sier opp med seks måneders varsel',
}

function Consequences({ preview, initiatedBy, municipalityName }: { preview: NoticePreview; initiatedBy: NoticeParty; municipalityName: string }) {
  const option = preview.options.find((o) => o.initiatedBy === initiatedBy)
  if (!option) return null
  return (
    <div className="app-stack app-stack--tight">
      <Paragraph>
        {PARTY_TEXT[initiatedBy]}. Avtalen med {municipalityName} avsluttes <strong>{formatDate(option.endsOn)}</strong>, og tjenestene kan brukes til og med{' '}
        {formatDate(option.lastDayOn)}.
      </Paragraph>
      {preview.services.length === 0 ? (
        <Paragraph>Ingen digitale tjenester er aktivert, så ingen tjenester stopper for innbyggerne.</Paragraph>
      ) : (
        <>
          <Paragraph>Disse tjenestene stopper da for innbyggerne:</Paragraph>
          <ul>
            {preview.services.map((s) => (
              <li key={s.id}>
                {s.name}: {s.digitalServices.map((d) => digitalServiceLabel(d).toLowerCase()).join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      <Paragraph>
        <strong>{preview.notifiedPeople === 1 ? '1 innbygger' : `${preview.notifiedPeople} innbyggere`}</strong> får varsel nå om at tjenesten avsluttes
        (pasienter og de som handler for dem).
      </Paragraph>
    </div>
  )
}

/**
 * The confirmation before notice is registered: what it will do, computed by the server from real data, and one
 * explicit "yes". Nothing happens until it is given.
 */
export function ConfirmNoticeDialog({
  municipality,
  initiatedBy,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  municipality: { id: string; name: string }
  initiatedBy: NoticeParty | null
  pending: boolean
  error: string | null
  onConfirm: () => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const open = initiatedBy !== null
  const preview = useNoticePreview(municipality.id, open)
  useEffect(() => {
    const dialog = ref.current
    if (open && dialog && !dialog.open) dialog.showModal()
    if (!open && dialog?.open) dialog.close()
  }, [open])
  return (
    <Dialog ref={ref} closeButton="Lukk" aria-labelledby="notice-dialog-heading" onClose={onCancel}>
      <Dialog.Block className="app-stack">
        <Heading level={2} data-size="xs" id="notice-dialog-heading">
          Vil du registrere oppsigelsen?
        </Heading>
        {!initiatedBy ? null : preview.isPending ? (
          <Loading />
        ) : preview.isError ? (
          <ErrorAlert message={problemDetail(preview.error, 'Vi klarte ikke å hente hva oppsigelsen vil føre til. Lukk og prøv igjen.')} />
        ) : (
          <Consequences preview={preview.data} initiatedBy={initiatedBy} municipalityName={municipality.name} />
        )}
        <ErrorAlert message={error} />
        <div className="app-actions">
          <Button type="button" data-color="danger" loading={pending} disabled={!preview.isSuccess} onClick={onConfirm}>
            Ja, registrer oppsigelsen
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Avbryt
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  )
}
