import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react'
import { type ReactNode, useEffect, useRef } from 'react'
import type { Fullmakt } from '../../api/fullmakter.ts'
import { problemText } from '../../text/fullmakt.ts'
import { ErrorAlert } from '../Feedback.tsx'

/** Asks before a fullmakt is ended; nothing is deleted, it moves to the history. */
export function EndDialog({
  target,
  description,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  target: Fullmakt | null
  description: ReactNode
  pending: boolean
  error: unknown
  onConfirm: () => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const open = target !== null
  useEffect(() => {
    const dialog = ref.current
    if (open && dialog && !dialog.open) dialog.showModal()
    if (!open && dialog?.open) dialog.close()
  }, [open])
  return (
    <Dialog ref={ref} closeButton="Lukk" aria-labelledby="end-dialog-heading" onClose={onCancel}>
      <Dialog.Block className="app-stack">
        <Heading level={2} data-size="xs" id="end-dialog-heading">
          Vil du avslutte fullmakten?
        </Heading>
        <Paragraph>{description}</Paragraph>
        <ErrorAlert message={error ? problemText(error, 'Vi klarte ikke å avslutte fullmakten. Prøv igjen om litt.') : null} />
        <div className="app-actions">
          <Button data-color="danger" loading={pending} onClick={onConfirm}>
            Ja, avslutt fullmakten
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Nei, behold den
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  )
}

/** Opens the dialog that ends a fullmakt; `which` tells screen readers which one: "til Per Berg", "fra Ingrid Berg". */
export function EndFullmaktButton({ which, onClick }: { which: string; onClick: () => void }) {
  return (
    <Button variant="secondary" data-size="sm" data-color="danger" onClick={onClick}>
      Avslutt<span className="app-visually-hidden"> fullmakten {which}</span> …
    </Button>
  )
}
