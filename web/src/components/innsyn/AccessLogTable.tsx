import { Card, Paragraph, Table, Tag } from '@digdir/designsystemet-react'
import type { AccessLogItem } from '../../api/innbygger/access-log.ts'
import { useTexts } from '../../i18n/texts.ts'
import { accessRoleLabel, seenLabel } from '../../text/access-log.ts'
import { accessLogTexts as texts } from '../../text/access-log.texts.ts'
import { roleLabel } from '../../text/labels.ts'
import { formatDate } from '../../text/oslo-time.ts'
import { Fact, Facts } from '../Facts.tsx'
import { ResponsiveTable } from '../ResponsiveTable.tsx'

function Organisation({ item }: { item: AccessLogItem }) {
  const t = useTexts(texts)
  return (
    <>
      <span className="app-cell-main">{item.organisation?.name ?? t('noOrganisation')}</span>
      {item.service ? <span className="app-cell-sub">{item.service.name}</span> : null}
    </>
  )
}

function Actor({ item }: { item: AccessLogItem }) {
  const t = useTexts(texts)
  const profession = item.actorRole && item.role === 'health-personnel' ? roleLabel(item.actorRole) : null
  return (
    <>
      <span className="app-cell-main">{item.actorName ?? t('notGiven')}</span>
      <span className="app-cell-sub">{accessRoleLabel(item.role, item.service?.name ?? null)}</span>
      {profession ? <span className="app-cell-sub">{profession}</span> : null}
    </>
  )
}

function Seen({ item }: { item: AccessLogItem }) {
  const t = useTexts(texts)
  return (
    <>
      <span className="app-cell-main">{item.refused ? t('triedToSee', { what: seenLabel(item.seen).toLocaleLowerCase() }) : seenLabel(item.seen)}</span>
      {item.refused ? (
        <Tag data-color="warning" data-size="sm" className="app-cell-tag">
          {t('refused')}
        </Tag>
      ) : null}
      {item.emergency ? (
        <Tag data-color="danger" data-size="sm" className="app-cell-tag">
          {t('emergency')}
        </Tag>
      ) : null}
    </>
  )
}

function AccessLogCard({ item }: { item: AccessLogItem }) {
  const t = useTexts(texts)
  return (
    <Card data-color={item.refused ? 'warning' : 'neutral'} className="app-stack app-stack--tight">
      <Paragraph className="app-log-time">
        {formatDate(item.day)} · {t('times', { count: item.count })}
      </Paragraph>
      <Facts>
        <Fact term={t('organisation')}>
          <Organisation item={item} />
        </Fact>
        <Fact term={t('who')}>
          <Actor item={item} />
        </Fact>
        <Fact term={t('what')}>
          <Seen item={item} />
        </Fact>
      </Facts>
    </Card>
  )
}

/** One row per day, organisation, person and outcome; phones get a card per row (five columns do not fit 360 px). */
export function AccessLogTable({ items, caption }: { items: readonly AccessLogItem[]; caption: string }) {
  const t = useTexts(texts)
  return (
    <ResponsiveTable
      items={items}
      itemKey={(item, index) => `${item.day}-${item.lastAt}-${index}`}
      caption={{ id: 'access-log-caption', text: caption }}
      cardsLabel={caption}
      headers={[t('day'), t('organisationAndService'), t('whoAndRole'), t('what'), t('count')]}
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
          <Table.Cell className="app-nowrap">{t('times', { count: item.count })}</Table.Cell>
        </>
      )}
      card={(item) => <AccessLogCard item={item} />}
    />
  )
}
