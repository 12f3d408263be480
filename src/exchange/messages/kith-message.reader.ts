import { readHcp } from './apprec.reader.ts'
import type { Envelope, Patient } from './msg-head.types.ts'
import type { KithMessage } from './message.types.ts'
import { isKnownMsgType } from './msg-types.ts'
import { EPIKRISE_1_2_NS } from './namespaces.ts'
import { compact, type ReadContext, readCoded, shown } from './read-context.ts'
import { child, childText, type XmlElement } from './xml-element.ts'

/**
 * Epikrise 1.2 / Henvisning 1.1 `Message` root. The header is read only for routing and receipts: who sent it,
 * to whom, about which patient. An epikrise (ServRprt) goes from the service provider back to the requester; a
 * henvisning (ServReq) from the requester to the service provider.
 */
export function readKithMessage(root: XmlElement, envelope: Envelope, ctx: ReadContext): KithMessage | undefined {
  const ns = root.namespace
  const path = 'Message'
  const typeEl = ctx.required(root, 'Type', path, ns)
  const typeV = typeEl?.attributes['V']?.trim()
  if (typeEl && !typeV) ctx.add('missing-element', `${path}/Type/@V`, 'the message type code (V) is required')
  else if (typeV && !isKnownMsgType(typeV)) ctx.add('unknown-msg-type', `${path}/Type/@V`, `unknown message type "${shown(typeV)}" (kodeverk 8279)`)
  const msgId = ctx.requiredText(root, 'MsgId', path, ns)

  const isEpikrise = ns === EPIKRISE_1_2_NS
  const bodyName = isEpikrise ? 'ServRprt' : 'ServReq'
  const body = ctx.required(root, bodyName, path, ns)
  const provider = child(child(body, 'ServProvider', ns), 'HCP', ns)
  const requester = child(child(body, 'Requester', ns), 'HCP', ns)
  const [from, to] = isEpikrise ? [provider, requester] : [requester, provider]
  const patientEl = child(body, 'Patient', ns)

  if (!typeV || !msgId || !ns) return undefined
  return compact({
    format: 'kith-message' as const,
    envelope,
    type: compact({ v: typeV, dn: typeEl?.attributes['DN'] }),
    miGversion: childText(root, 'MIGversion', ns),
    // Here GenDate is a TS (the value is in V), unlike MsgHead's dateTime element.
    genDate: child(root, 'GenDate', ns)?.attributes['V'] ?? childText(root, 'GenDate', ns),
    msgId,
    sender: from ? readHcp(from) : undefined,
    receiver: to ? readHcp(to) : undefined,
    patient: patientEl ? readKithPatient(patientEl, ns) : undefined,
    payload: { kind: 'opaque' as const, namespace: ns, localName: root.localName },
  })
}

function readKithPatient(el: XmlElement, ns: string | undefined): Patient {
  const offId = childText(el, 'OffId', ns)
  const typeOffId = readCoded(child(el, 'TypeOffId', ns))
  return compact({
    // "Etternavn, Fornavn" in one Name element; kept whole rather than guessing at the split.
    familyName: childText(el, 'Name', ns),
    dateOfBirth: child(el, 'DateOfBirth', ns)?.attributes['V'],
    sex: readCoded(child(el, 'Sex', ns)),
    idents: offId === undefined ? [] : [{ id: offId, typeId: typeOffId ?? {} }],
  })
}
