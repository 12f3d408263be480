import { readAppRec } from './apprec.reader.ts'
import { readDialogmelding } from './dialogmelding.reader.ts'
import type {
  ConversationRef,
  Envelope,
  HealthcareProfessional,
  MsgHeadDocument,
  MsgHeadMessage,
  MsgHeadPayload,
  MsgInfo,
  Organisation,
  OtherReceiver,
  Party,
  Patient,
  RefDoc,
  RefDocContent,
} from './msg-head.types.ts'
import { isKnownMsgType } from './msg-types.ts'
import { APPREC_1_0_NS, APPREC_1_1_NS, BASE64_CONTAINER_NS, DIALOGMELDING_1_0_NS, DIALOGMELDING_1_1_NS, MSGHEAD_MIG_VERSION, MSGHEAD_NS } from './namespaces.ts'
import { compact, type ReadContext, readCoded, readIdents, shown } from './read-context.ts'
import { child, childrenNamed, childText, type XmlElement } from './xml-element.ts'

const NS = MSGHEAD_NS

/** Reads a `MsgHead` element (namespace already checked) and interprets its first XML document. */
export function readMsgHead(root: XmlElement, envelope: Envelope, ctx: ReadContext): MsgHeadMessage | undefined {
  const path = 'MsgHead'
  const msgInfoEl = ctx.required(root, 'MsgInfo', path, NS)
  const documentEls = childrenNamed(root, 'Document', NS)
  if (documentEls.length === 0) {
    if (child(root, 'PatientReport', NS)) ctx.add('unsupported-structure', `${path}/PatientReport`, 'MsgHead with PatientReport is not supported')
    else ctx.add('missing-element', `${path}/Document`, 'at least one Document is required')
  }
  if (!msgInfoEl) return undefined
  const msgInfo = readMsgInfo(msgInfoEl, `${path}/MsgInfo`, ctx)
  const documents = documentEls.map((el, i) => readDocument(el, `${path}/Document[${i + 1}]`, ctx))
  const payload = readPayload(documentEls, documents, path, ctx)
  if (!msgInfo || !payload) return undefined
  return { format: 'msghead', envelope, msgInfo, documents, payload }
}

function readMsgInfo(el: XmlElement, path: string, ctx: ReadContext): MsgInfo | undefined {
  const typeEl = ctx.required(el, 'Type', path, NS)
  const typeV = typeEl?.attributes['V']?.trim()
  if (typeEl && !typeV) ctx.add('missing-element', `${path}/Type/@V`, 'the message type code (V) is required')
  else if (typeV && !isKnownMsgType(typeV)) ctx.add('unknown-msg-type', `${path}/Type/@V`, `unknown message type "${shown(typeV)}" (kodeverk 8279)`)

  const miGversion = ctx.requiredText(el, 'MIGversion', path, NS)
  if (miGversion !== undefined && miGversion !== MSGHEAD_MIG_VERSION) {
    ctx.add('invalid-value', `${path}/MIGversion`, `MsgHead MIGversion must be "${MSGHEAD_MIG_VERSION}"`)
  }
  const genDate = ctx.requiredText(el, 'GenDate', path, NS)
  const msgId = ctx.requiredText(el, 'MsgId', path, NS)
  const conversationRef = readConversationRef(child(el, 'ConversationRef', NS), `${path}/ConversationRef`, ctx)
  const sender = readParty(ctx.required(el, 'Sender', path, NS), `${path}/Sender`, ctx)
  const receiver = readParty(ctx.required(el, 'Receiver', path, NS), `${path}/Receiver`, ctx)
  const patientEl = child(el, 'Patient', NS)
  if (!typeV || !miGversion || !genDate || !msgId || !sender || !receiver) return undefined
  return compact({
    type: compact({ v: typeV, dn: typeEl?.attributes['DN'] }),
    miGversion,
    genDate,
    msgId,
    ack: child(el, 'Ack', NS)?.attributes['V'],
    conversationRef,
    sender,
    receiver,
    otherReceivers: childrenNamed(el, 'OtherReceiver', NS).map(readOtherReceiver),
    patient: patientEl ? readPatient(patientEl) : undefined,
  })
}

function readConversationRef(el: XmlElement | undefined, path: string, ctx: ReadContext): ConversationRef | undefined {
  if (!el) return undefined
  // RULES.md §1: both references are required inside ConversationRef.
  const refToParent = ctx.requiredText(el, 'RefToParent', path, NS)
  const refToConversation = ctx.requiredText(el, 'RefToConversation', path, NS)
  if (!refToParent || !refToConversation) return undefined
  return { refToParent, refToConversation }
}

function readParty(el: XmlElement | undefined, path: string, ctx: ReadContext): Party | undefined {
  if (!el) return undefined
  const orgEl = ctx.required(el, 'Organisation', path, NS)
  if (!orgEl) return undefined
  return { organisation: readOrganisation(orgEl) }
}

function readOrganisation(el: XmlElement): Organisation {
  const sub = child(el, 'Organisation', NS)
  const hp = child(el, 'HealthcareProfessional', NS)
  return compact({
    organisationName: childText(el, 'OrganisationName', NS) ?? '',
    idents: readIdents(el),
    // NAV's test data has an empty <Organisation/> as a placeholder: an organisation without a name or ident is
    // no organisation.
    organisation: sub && (child(sub, 'OrganisationName', NS) || child(sub, 'Ident', NS)) ? readOrganisation(sub) : undefined,
    healthcareProfessional: hp ? readHealthcareProfessional(hp) : undefined,
  })
}

function readHealthcareProfessional(el: XmlElement): HealthcareProfessional {
  return compact({
    typeHealthcareProfessional: readCoded(child(el, 'TypeHealthcareProfessional', NS)),
    roleToPatient: readCoded(child(el, 'RoleToPatient', NS)),
    familyName: childText(el, 'FamilyName', NS),
    middleName: childText(el, 'MiddleName', NS),
    givenName: childText(el, 'GivenName', NS),
    idents: readIdents(el),
  })
}

function readOtherReceiver(el: XmlElement): OtherReceiver {
  const org = child(el, 'Organisation', NS)
  const hp = child(el, 'HealthcareProfessional', NS)
  return compact({
    roleReceiver: readCoded(child(el, 'RoleReceiver', NS)) ?? {},
    organisation: org ? readOrganisation(org) : undefined,
    healthcareProfessional: hp ? readHealthcareProfessional(hp) : undefined,
  })
}

function readPatient(el: XmlElement): Patient {
  return compact({
    familyName: childText(el, 'FamilyName', NS),
    middleName: childText(el, 'MiddleName', NS),
    givenName: childText(el, 'GivenName', NS),
    dateOfBirth: childText(el, 'DateOfBirth', NS),
    sex: readCoded(child(el, 'Sex', NS)),
    idents: readIdents(el),
  })
}

function readDocument(el: XmlElement, path: string, ctx: ReadContext): MsgHeadDocument {
  const refDocEl = ctx.required(el, 'RefDoc', path, NS)
  return compact({
    contentDescription: childText(el, 'ContentDescription', NS),
    refDoc: refDocEl ? readRefDoc(refDocEl, `${path}/RefDoc`, ctx) : { msgType: {}, content: { kind: 'none' } },
  })
}

function readRefDoc(el: XmlElement, path: string, ctx: ReadContext): RefDoc {
  const msgType = readCoded(ctx.required(el, 'MsgType', path, NS)) ?? {}
  return compact({
    issueDate: child(el, 'IssueDate', NS)?.attributes['V'],
    msgType,
    id: childText(el, 'Id', NS),
    mimeType: childText(el, 'MimeType', NS),
    description: childText(el, 'Description', NS),
    content: readContent(el, path, ctx),
  })
}

function readContent(refDoc: XmlElement, path: string, ctx: ReadContext): RefDocContent {
  const fileReference = childText(refDoc, 'FileReference', NS)
  if (fileReference !== undefined) return { kind: 'file-reference', uri: fileReference }
  const content = child(refDoc, 'Content', NS)
  if (!content) return { kind: 'none' }
  if (content.children.length !== 1) {
    ctx.add('unsupported-structure', `${path}/Content`, `Content must hold exactly one element, found ${content.children.length}`)
  }
  const inner = content.children[0]
  if (!inner) return { kind: 'none' }
  if (inner.localName === 'Base64Container' && inner.namespace === BASE64_CONTAINER_NS) {
    return { kind: 'base64', base64: inner.text.replace(/\s+/g, '') }
  }
  return { kind: 'xml', namespace: inner.namespace ?? '', localName: inner.localName }
}

/** The business payload is the first document that holds an XML instance (RefDoc/MsgType XML). */
function readPayload(documentEls: XmlElement[], documents: MsgHeadDocument[], path: string, ctx: ReadContext): MsgHeadPayload | undefined {
  const index = documents.findIndex((d) => d.refDoc.content.kind === 'xml')
  if (index < 0) {
    if (documentEls.length > 0) ctx.add('missing-element', `${path}/Document/RefDoc/Content`, 'no Document holds an XML payload')
    return undefined
  }
  const root = child(child(documentEls[index], 'RefDoc', NS), 'Content', NS)?.children[0]
  if (!root) return undefined
  const payloadPath = `${path}/Document[${index + 1}]/RefDoc/Content/${shown(root.localName)}`
  if (root.localName === 'Dialogmelding' && root.namespace === DIALOGMELDING_1_0_NS) return readDialogmelding(root, '1.0', payloadPath, ctx)
  if (root.localName === 'Dialogmelding' && root.namespace === DIALOGMELDING_1_1_NS) return readDialogmelding(root, '1.1', payloadPath, ctx)
  if (root.localName === 'AppRec' && root.namespace === APPREC_1_0_NS) return { kind: 'apprec', appRec: readAppRec(root, '1.0', payloadPath, ctx) }
  if (root.localName === 'AppRec' && root.namespace === APPREC_1_1_NS) return { kind: 'apprec', appRec: readAppRec(root, '1.1', payloadPath, ctx) }
  if (root.localName === 'Dialogmelding' || root.localName === 'AppRec') {
    ctx.add('wrong-namespace', payloadPath, `${root.localName} in an unknown namespace "${shown(root.namespace)}"`)
    return undefined
  }
  if (!root.namespace || root.namespace === MSGHEAD_NS) {
    // Usually a payload written without its own xmlns, silently inheriting MsgHead's default namespace.
    ctx.add('wrong-namespace', payloadPath, "the payload element must be in its own standard's namespace")
    return undefined
  }
  return { kind: 'opaque', namespace: root.namespace, localName: root.localName }
}
