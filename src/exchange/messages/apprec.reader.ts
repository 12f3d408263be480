import type { AdditionalId, AppRec, AppRecDept, AppRecHcp, AppRecHcPerson, AppRecInst, AppRecParty, AppRecVersion } from './apprec.types.ts'
import { isAppRecStatusCode } from './apprec-codes.ts'
import { compact, type ReadContext, readCoded, shown } from './read-context.ts'
import { child, childrenNamed, childText, type XmlElement } from './xml-element.ts'

/** Reads an `AppRec` element (1.0 or 1.1; the caller has checked the namespace). */
export function readAppRec(root: XmlElement, version: AppRecVersion, path: string, ctx: ReadContext): AppRec {
  const ns = root.namespace
  const msgType = readCoded(ctx.required(root, 'MsgType', path, ns)) ?? {}
  if (msgType.v !== undefined && msgType.v !== 'APPREC') {
    ctx.add('invalid-value', `${path}/MsgType`, `AppRec MsgType must be APPREC, not "${shown(msgType.v)}"`)
  }
  const status = readCoded(ctx.required(root, 'Status', path, ns)) ?? {}
  if (status.v !== undefined && !isAppRecStatusCode(status.v)) {
    ctx.add('invalid-value', `${path}/Status`, `unknown AppRec status "${shown(status.v)}" (kodeverk 8258: 1, 2 or 3)`)
  }
  const errors = childrenNamed(root, 'Error', ns).flatMap((e) => readCoded(e) ?? [])
  // RULES.md §3: status 2 or 3 must carry at least one Error.
  if ((status.v === '2' || status.v === '3') && errors.length === 0) {
    ctx.add('missing-element', `${path}/Error`, `status ${status.v} requires at least one Error`)
  }
  const original = ctx.required(root, 'OriginalMsgId', path, ns)
  const originalPath = `${path}/OriginalMsgId`
  const senderEl = ctx.required(root, 'Sender', path, ns)
  const receiverEl = ctx.required(root, 'Receiver', path, ns)
  return compact({
    version,
    msgType,
    miGversion: ctx.requiredText(root, 'MIGversion', path, ns) ?? '',
    softwareName: childText(root, 'SoftwareName', ns),
    softwareVersion: childText(root, 'SoftwareVersion', ns),
    genDate: ctx.requiredText(root, 'GenDate', path, ns) ?? '',
    id: ctx.requiredText(root, 'Id', path, ns) ?? '',
    sender: readParty(senderEl, `${path}/Sender`, ctx),
    receiver: readParty(receiverEl, `${path}/Receiver`, ctx),
    status,
    errors,
    originalMsgId: {
      msgType: (original && readCoded(ctx.required(original, 'MsgType', originalPath, ns))) || {},
      issueDate: (original && ctx.requiredText(original, 'IssueDate', originalPath, ns)) || '',
      id: (original && ctx.requiredText(original, 'Id', originalPath, ns)) || '',
    },
  })
}

function readParty(el: XmlElement | undefined, path: string, ctx: ReadContext): AppRecParty {
  if (!el) return { hcp: {} }
  const hcp = ctx.required(el, 'HCP', path, el.namespace)
  return compact({ role: readCoded(child(el, 'Role')), hcp: hcp ? readHcp(hcp) : {} })
}

/** The KITH HCP structure (AppRec, Epikrise 1.2, Henvisning 1.1): Inst with Dept/HCPerson, or HCProf. */
export function readHcp(el: XmlElement): AppRecHcp {
  const inst = child(el, 'Inst')
  const hcProf = child(el, 'HCProf')
  return compact({
    inst: inst ? readInst(inst) : undefined,
    hcProf: hcProf
      ? compact({
          type: readCoded(child(hcProf, 'Type')),
          name: childText(hcProf, 'Name'),
          id: childText(hcProf, 'Id'),
          typeId: readCoded(child(hcProf, 'TypeId')),
          additionalIds: readAdditionalIds(hcProf),
        })
      : undefined,
  })
}

function readInst(el: XmlElement): AppRecInst {
  return compact({
    name: childText(el, 'Name'),
    id: childText(el, 'Id'),
    typeId: readCoded(child(el, 'TypeId')),
    depts: childrenNamed(el, 'Dept').map(
      (d): AppRecDept =>
        compact({
          type: readCoded(child(d, 'Type')),
          name: childText(d, 'Name'),
          id: childText(d, 'Id'),
          typeId: readCoded(child(d, 'TypeId')),
          additionalIds: readAdditionalIds(d),
        }),
    ),
    additionalIds: readAdditionalIds(el),
    hcPersons: childrenNamed(el, 'HCPerson').map(
      (p): AppRecHcPerson =>
        compact({
          name: childText(p, 'Name'),
          id: childText(p, 'Id'),
          typeId: readCoded(child(p, 'TypeId')),
          additionalIds: readAdditionalIds(p),
        }),
    ),
  })
}

function readAdditionalIds(el: XmlElement): AdditionalId[] {
  return childrenNamed(el, 'AdditionalId').flatMap((a) => {
    const id = childText(a, 'Id')
    return id === undefined ? [] : [{ id, type: readCoded(child(a, 'Type')) ?? {} }]
  })
}
