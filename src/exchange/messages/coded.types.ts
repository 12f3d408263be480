/** The KITH building blocks every message type shares: coded values and identifiers. */

/** A coded value (KITH CS/CV): V = code, DN = display name, S = code system OID, OT = original text. */
export type Coded = {
  v?: string
  dn?: string
  s?: string
  ot?: string
}

/** Ident with TypeId from kodeverk 9051 (organisations: HER, ENH, RSH, LIN …) or 8116 (persons: FNR, DNR, HPR …). */
export type Ident = {
  id: string
  typeId: Coded
}
