import { Button, Card, Dialog, Heading, Paragraph, Table } from '@digdir/designsystemet-react'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { DEV_MAILBOX_PAGE_SIZE, type DevMailboxMessage, useClearDevMailbox, useDevMailbox } from '../../api/forvaltning/dev-mailbox.ts'
import { ApiError, problemDetail } from '../../api/http.ts'
import type { StaffMe } from '../../api/me.ts'
import { DateTime } from '../../components/DateTime.tsx'
import { Fact, Facts } from '../../components/Facts.tsx'
import { ErrorAlert } from '../../components/Feedback.tsx'
import { RequireOperator } from '../../components/forvaltning/RequireOperator.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { Loading, SectionError } from '../../components/PageStates.tsx'
import { offsetParam, PagedList } from '../../components/Pager.tsx'
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'
import { devMailboxChannelLabel, devMailboxKindLabel } from '../../text/dev-mailbox.ts'
import { plural } from '../../text/format.ts'

/** The text as it would have arrived: an e-mail's subject above it. */
function MessageText({ m }: { m: DevMailboxMessage }) {
  return (
    <>
      {m.subject ? <strong className="app-cell-main">{m.subject}</strong> : null}
      <span className="app-message-text">{m.text}</span>
    </>
  )
}

function MessageRow({ m }: { m: DevMailboxMessage }) {
  return (
    <>
      <Table.Cell>
        <DateTime value={m.sentAt} />
      </Table.Cell>
      <Table.Cell>
        {devMailboxChannelLabel(m.channel)}
        <span className="app-cell-sub app-break-anywhere">{m.to}</span>
      </Table.Cell>
      <Table.Cell>{devMailboxKindLabel(m.kind)}</Table.Cell>
      <Table.Cell>
        <MessageText m={m} />
      </Table.Cell>
    </>
  )
}

function MessageCard({ m }: { m: DevMailboxMessage }) {
  return (
    <Card className="app-stack app-stack--tight">
      <Paragraph className="app-card-title">
        {devMailboxChannelLabel(m.channel)} til <span className="app-break-anywhere">{m.to}</span>
      </Paragraph>
      <Facts>
        <Fact term="Tidspunkt">
          <DateTime value={m.sentAt} />
        </Fact>
        <Fact term="Gjelder">{devMailboxKindLabel(m.kind)}</Fact>
      </Facts>
      <Paragraph data-size="sm">
        <MessageText m={m} />
      </Paragraph>
    </Card>
  )
}

/** Asks before the mailbox is emptied: what is in it is gone for good. */
function ClearDialog({
  open,
  count,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean
  count: number
  pending: boolean
  error: unknown
  onConfirm: () => void
  onCancel: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (open && dialog && !dialog.open) dialog.showModal()
    if (!open && dialog?.open) dialog.close()
  }, [open])
  return (
    <Dialog ref={ref} closeButton="Lukk" aria-labelledby="clear-dialog-heading" onClose={onCancel}>
      <Dialog.Block className="app-stack">
        <Heading level={2} data-size="xs" id="clear-dialog-heading">
          Vil du tømme postkassen?
        </Heading>
        <Paragraph>{count === 1 ? 'Meldingen blir slettet for godt.' : `Alle ${count} meldingene blir slettet for godt.`}</Paragraph>
        <ErrorAlert message={error ? problemDetail(error, 'Vi klarte ikke å tømme postkassen. Prøv igjen om litt.') : null} />
        <div className="app-actions">
          <Button data-color="danger" loading={pending} onClick={onConfirm}>
            Ja, tøm postkassen
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Nei, behold meldingene
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  )
}

function Mailbox({ me }: { me: StaffMe }) {
  useDocumentTitle('Utviklingspostkassen')
  const [params, setParams] = useSearchParams()
  const offset = offsetParam(params)
  const mailbox = useDevMailbox(offset)
  const clear = useClearDevMailbox(me.csrfToken)
  const [asking, setAsking] = useState(false)
  const onPage = (next: number) => setParams(next > 0 ? { fra: String(next) } : {})
  // Set when the operator empties the mailbox: the button is gone with the list, so focus goes to the words that
  // now stand in its place (which also tell screen readers it worked).
  const clearing = useRef(false)
  const emptyNote = useRef<HTMLSpanElement>(null)
  const empty = mailbox.data?.total === 0
  useEffect(() => {
    if (!empty || !clearing.current) return
    clearing.current = false
    emptyNote.current?.focus()
  }, [empty])

  const confirm = () =>
    clear.mutate(undefined, {
      onSuccess: () => {
        clearing.current = true
        setAsking(false)
        onPage(0)
      },
    })

  let content: ReactNode
  if (mailbox.isPending) content = <Loading />
  else if (mailbox.isError && mailbox.error instanceof ApiError && mailbox.error.status === 404)
    content = (
      <Paragraph>
        Utviklingspostkassen er ikke slått på. Den brukes bare i utvikling og demo, der Samband ikke har en e-postserver eller en SMS-tjeneste å sende gjennom
        (innstillingen DEV_MAILBOX).
      </Paragraph>
    )
  else if (mailbox.isError) content = <SectionError message="Vi klarte ikke å hente postkassen akkurat nå." onRetry={() => void mailbox.refetch()} />
  else {
    const { items, total } = mailbox.data
    content = (
      <PagedList
        total={total}
        offset={offset}
        limit={DEV_MAILBOX_PAGE_SIZE}
        pagerLabel="Sider i postkassen"
        onPage={onPage}
        empty={
          <span ref={emptyNote} tabIndex={-1}>
            Postkassen er tom. Det som sendes på e-post eller SMS, dukker opp her.
          </span>
        }
        notice={
          <div className="app-actions">
            <Paragraph>{plural(total, 'melding', 'meldinger')}, nyeste først.</Paragraph>
            <Button
              variant="secondary"
              data-color="danger"
              data-size="sm"
              onClick={() => {
                clear.reset()
                setAsking(true)
              }}
            >
              Tøm postkassen …
            </Button>
          </div>
        }
      >
        <ResponsiveTable
          items={items}
          itemKey={(m) => m.id}
          caption={{ id: 'dev-mailbox-caption', text: 'E-post og SMS som ville blitt sendt, nyeste først' }}
          cardsLabel="E-post og SMS"
          headers={['Tidspunkt', 'Til', 'Gjelder', 'Tekst']}
          cells={(m) => <MessageRow m={m} />}
          card={(m) => <MessageCard m={m} />}
        />
        <ClearDialog open={asking} count={total} pending={clear.isPending} error={clear.error} onConfirm={confirm} onCancel={() => setAsking(false)} />
      </PagedList>
    )
  }

  return (
    <div className="app-stack app-stack--loose">
      <PageHeader back={{ to: '/helsepersonell', label: 'Tilbake til forsiden' }} title="Utviklingspostkassen">
        <Paragraph>
          E-post og SMS som Samband ville ha sendt, men som blir liggende her fordi denne installasjonen ikke har en e-postserver eller en SMS-tjeneste.
          Varslene til innbyggerne sier bare at noe nytt venter – aldri hva det gjelder.
        </Paragraph>
      </PageHeader>
      {content}
    </div>
  )
}

export function DevMailboxPage() {
  return <RequireOperator>{(me) => <Mailbox me={me} />}</RequireOperator>
}
