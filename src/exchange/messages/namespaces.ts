/** Namespace URIs of the KITH / e-helse message standards Samband reads and writes. */
export const MSGHEAD_NS = 'http://www.kith.no/xmlstds/msghead/2006-05-24'
export const DIALOGMELDING_1_0_NS = 'http://www.kith.no/xmlstds/dialog/2006-10-11'
export const DIALOGMELDING_1_1_NS = 'http://www.kith.no/xmlstds/dialog/2013-01-23'
export const APPREC_1_0_NS = 'http://www.kith.no/xmlstds/apprec/2004-11-21'
export const APPREC_1_1_NS = 'http://www.kith.no/xmlstds/apprec/2012-02-15'
export const FELLESKOMPONENT1_NS = 'http://www.kith.no/xmlstds/felleskomponent1'
export const BASE64_CONTAINER_NS = 'http://www.kith.no/xmlstds/base64container'
/** NAV's internal wrapper (EI_fellesformat) around a MsgHead or an AppRec. */
export const NAV_FELLESFORMAT_NS = 'http://www.nav.no/xml/eiff/2/'
/** Pre-MsgHead KITH messages whose root is `Message` with their own header (Epikrise 1.2, Henvisning 1.1). */
export const EPIKRISE_1_2_NS = 'http://www.kith.no/xmlstds/epikrise/2012-02-15'
export const HENVISNING_1_1_NS = 'http://www.kith.no/xmlstds/henvisning/2012-02-15'

/** MsgHead 1.2 fixes MIGversion to this value (MsgHead-v1_2.xsd). */
export const MSGHEAD_MIG_VERSION = 'v1.2 2006-05-24'
export const APPREC_1_0_MIG_VERSION = '1.0 2004-11-21'
export const APPREC_1_1_MIG_VERSION = 'v1.1 2012-02-15'

/** OID prefix of the Volven code systems: `2.16.578.1.12.4.1.1.` + kodeverk number. */
export const VOLVEN_OID_PREFIX = '2.16.578.1.12.4.1.1.'
export function volvenOid(kodeverk: number): string {
  return VOLVEN_OID_PREFIX + String(kodeverk)
}
