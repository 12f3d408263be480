import { describe, expect, it } from 'vitest'
import { resendableReceivers, resendMsgId, withNewIdentity } from './resend.rules.ts'

const NOW = new Date('2026-12-08T10:00:00Z')
const delivery = (receiverHerId: number, extra: Partial<Parameters<typeof resendableReceivers>[0][number]> = {}) => ({
  receiverHerId,
  status: 'delivered' as const,
  appRecStatus: null,
  overdueAt: null,
  deadlineAt: new Date('2026-12-09T10:00:00Z'),
  ...extra,
})

describe('resendableReceivers', () => {
  it('takes failed, refused and overdue receivers, not those receipted or still within the deadline', () => {
    expect(
      resendableReceivers(
        [
          delivery(1),
          delivery(2, { status: 'acknowledged', appRecStatus: 'Ok' }),
          delivery(3, { status: 'rejected', appRecStatus: 'Rejected' }),
          delivery(4, { status: 'failed' }),
          delivery(5, { deadlineAt: new Date('2026-12-08T09:00:00Z') }),
          delivery(6, { overdueAt: new Date('2026-12-07T00:00:00Z') }),
        ],
        NOW,
      ),
    ).toEqual([3, 4, 5, 6])
  })
})

describe('resendMsgId', () => {
  it('is a GUID, the same for the same key and another for another key or none', () => {
    const id = resendMsgId('a', 'key-1')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(resendMsgId('a', 'key-1')).toBe(id)
    expect(resendMsgId('a', 'key-2')).not.toBe(id)
    expect(resendMsgId('b', 'key-1')).not.toBe(id)
    expect(resendMsgId('a', null)).not.toBe(resendMsgId('a', null))
  })
})

describe('withNewIdentity', () => {
  const doc = (p: string) =>
    `<?xml version="1.0"?><${p}MsgHead xmlns${p ? `:${p.slice(0, -1)}` : ''}="http://www.kith.no/xmlstds/msghead/2006-05-24"><${p}MsgInfo><${p}Type V="DIALOG_FORESPORSEL"/><${p}GenDate>2026-11-23T11:00:00Z</${p}GenDate><${p}MsgId>old-id</${p}MsgId><${p}ConversationRef><${p}RefToParent>x</${p}RefToParent></${p}ConversationRef></${p}MsgInfo><${p}Document><${p}RefDoc><${p}MsgId>kept</${p}MsgId></${p}RefDoc></${p}Document></${p}MsgHead>`

  it.each(['', 'mh:'])('renews MsgId and GenDate in MsgInfo only (prefix "%s"), keeping the rest byte for byte', (p) => {
    const out = withNewIdentity(doc(p), { msgId: 'new-id', genDate: '2026-12-08T10:00:00.000Z' })
    expect(out).toBe(doc(p).replace('>old-id<', '>new-id<').replace('>2026-11-23T11:00:00Z<', '>2026-12-08T10:00:00.000Z<'))
  })

  it('refuses a document without a MsgInfo', () => {
    expect(withNewIdentity('<AppRec><Id>1</Id></AppRec>', { msgId: 'n', genDate: 'g' })).toBeNull()
  })
})
