/**
 * AppRec 1.0 (ns 2004-11-21) and 1.1 (ns 2012-02-15): the application receipt. Its parties use the older KITH
 * HCP structure (Inst with Dept / HCPerson / AdditionalId), not MsgHead's Organisation.
 */
import type { Coded } from './coded.types.ts'

export type AppRecVersion = '1.0' | '1.1'

export type AdditionalId = { id: string; type: Coded }

export type AppRecHcPerson = { name?: string; id?: string; typeId?: Coded; additionalIds: AdditionalId[] }
export type AppRecDept = { type?: Coded; name?: string; id?: string; typeId?: Coded; additionalIds: AdditionalId[] }
export type AppRecInst = {
  name?: string
  id?: string
  typeId?: Coded
  depts: AppRecDept[]
  additionalIds: AdditionalId[]
  hcPersons: AppRecHcPerson[]
}
export type AppRecHcProf = { type?: Coded; name?: string; id?: string; typeId?: Coded; additionalIds: AdditionalId[] }

export type AppRecHcp = { inst?: AppRecInst; hcProf?: AppRecHcProf }

export type AppRecParty = {
  /** 1.1: PRIM/COP for the sender, AVS for the receiver (kodeverk 8112); 1.0: REQ/SPR. */
  role?: Coded
  hcp: AppRecHcp
}

export type OriginalMsgId = {
  /** The original message's MsgInfo/Type (8279). */
  msgType: Coded
  /** The original's GenDate. */
  issueDate: string
  /** The original's MsgId. */
  id: string
}

export type AppRec = {
  version: AppRecVersion
  msgType: Coded
  miGversion: string
  softwareName?: string
  softwareVersion?: string
  genDate: string
  id: string
  sender: AppRecParty
  receiver: AppRecParty
  /** Kodeverk 8258: 1 OK, 2 Avvist, 3 OK feil i delmelding. */
  status: Coded
  /** Kodeverk 8221 (or a message-specific one, e.g. 8223). Required when status is 2 or 3. */
  errors: Coded[]
  originalMsgId: OriginalMsgId
}
