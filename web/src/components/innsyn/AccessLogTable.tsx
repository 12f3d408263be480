import { Card, Paragraph, Table, Tag } from '@digdir/designsystemet-react'
import type { AccessLogItem } from '../../api/innbygger/access-log.ts'
import { accessRoleLabel, seenLabel } from '../../text/access-log.ts'
import { roleLabel } from '../../text/labels.ts'
import { formatDate } from '../../text/oslo-time.ts'
import { Fact, Facts } from '../Facts.tsx'
import { ResponsiveTable } from '../ResponsiveTable.tsx'

function Organisation({ item }: { item: AccessLogItem }) {
  return (
    <>
      <span className="app-cell-main">{item.organisation?.name ?? 'Ingen virksomhet'}</span>
      {item.service ? <span className="app-cell-sub">{item.service.name}</span> : null}
    </>
  )
}

function Actor({ item }: { item: AccessLogItem }) {
  const profession = item.actorRole && item.role === 'health-personnel' ? roleLabel(item.actorRole) : null
  return (
    <>
      <span className="app-cell-main">{item.actorName ?? 'Ikke oppgitt'}</span>
      <span className="app-cell-sub">{accessRoleLabel(item.role, item.service?.name ?? null)}</span>
      {profession ? <span className="app-cell-sub">{profession}</span> : null}
    </>
  )
}

function Seen({ item }: { item: AccessLogItem }) {
  return (
    <>
      <span className="app-cell-main">{item.refused ? `Prøvde å se: ${seenLabel(item.seen).toLocaleLowerCase('nb-NO')}` : seenLabel(item.seen)}</span>
      {item.refused ? (
        <Tag data-color="warning" data-size="sm" className="app-cell-tag">
          Avvist – fikk ikke se noe
        </Tag>
      ) : null}
      {item.emergency ? (
        <Tag data-color="danger" data-size="sm" className="app-cell-tag">
          Nødtilgang
        </Tag>
      ) : null}
    </>
  )
}

function times(count: number): string {
  return count === 1 ? '1 gang' : `${count} ganger`
}

function AccessLogCard({ item }: { item: AccessLogItem }) {
  return (
    <Card data-color={item.refused ? 'warning' : 'neutral'} className="app-stack app-stack--tight">
      <Paragraph className="app-log-time">
        {formatDate(item.day)} · {times(item.count)}
      </Paragraph>
      <Facts>
        <Fact term="Virksomhet">
          <Organisation item={item} />
        </Fact>
        <Fact term="Hvem">
          <Actor item={item} />
        </Fact>
        <Fact term="Hva">
          <Seen item={item} />
        </Fact>
      </Facts>
    </Card>
  )
}

/** One row per day, organisation, person and outcome; phones get a card per row (five columns do not fit 360 px). */
export function AccessLogTable({ items, caption }: { items: readonly AccessLogItem[]; caption: string }) {
  return (
    <ResponsiveTable
      items={items}
      itemKey={(item, index) => `${item.day}-${item.lastAt}-${index}`}
      caption={{ id: 'access-log-caption', text: caption }}
      cardsLabel={caption}
      headers={['Dag', 'Virksomhet og tjeneste', 'Hvem og rolle', 'Hva', 'Antall']}
      zebra
      cells={(item) => (
        <>
          <Table.Cell className="app-nowrap">{formatDate(item.day)}</Table.Cell>
          <Table.Cell>
            <Organisation item={item} />
          </Table.Cell>
          <Table.Cell>
            <Actor item={item} />
          </Table.Cell>
          <Table.Cell>
            <Seen item={item} />
          </Table.Cell>
          <Table.Cell className="app-nowrap">{times(item.count)}</Table.Cell>
        </>
      )}
      card={(item) => <AccessLogCard item={item} />}
    />
  )
}
