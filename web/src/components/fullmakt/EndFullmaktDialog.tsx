import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react'
import { type ReactNode, useEffect, useRef } from 'react'
import type { Fullmakt } from '../../api/fullmakter.ts'
import { useTexts } from '../../i18n/texts.ts'
import { problemText } from '../../text/fullmakt.ts'
import { fullmaktTexts as texts } from '../../text/fullmakt.texts.ts'
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
  const t = useTexts(texts)
  const ref = useRef<HTMLDialogElement>(null)
  const open = target !== null
  useEffect(() => {
    const dialog = ref.current
    if (open && dialog && !dialog.open) dialog.showModal()
    if (!open && dialog?.open) dialog.close()
  }, [open])
  return (
    <Dialog ref={ref} closeButton={t('close')} aria-labelledby="end-dialog-heading" onClose={onCancel}>
      <Dialog.Block className="app-stack">
        <Heading level={2} data-size="xs" id="end-dialog-heading">
          {t('endQuestion')}
        </Heading>
        <Paragraph>{description}</Paragraph>
        <ErrorAlert message={error ? problemText(error, t('endFailed')) : null} />
        <div className="app-actions">
          <Button data-color="danger" loading={pending} onClick={onConfirm}>
            {t('endConfirm')}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {t('endCancel')}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  )
}

/** Opens the dialog that ends a fullmakt; `which` tells screen readers which one: "til Per Berg", "fra Ingrid Berg". */
export function EndFullmaktButton({ which, onClick }: { which: string; onClick: () => void }) {
  const t = useTexts(texts)
  return (
    <Button variant="secondary" data-size="sm" data-color="danger" onClick={onClick}>
      {t('end')}
      <span className="app-visually-hidden"> {t('endWhich', { which })}</span> …
    </Button>
  )
}
