// Claim and scope names as ID-porten and HelseID use them, so production issuers need no mapping.

export const CITIZEN_ACR = 'idporten-loa-high'
export const PID_CLAIM = 'pid'
export const HPR_CLAIM = 'helseid://claims/hpr/hpr_number'
export const HELSEID_PID_CLAIM = 'helseid://claims/identity/pid'
export const HPR_SCOPE = 'helseid://scopes/hpr/hpr_number'
export const HELSEID_PID_SCOPE = 'helseid://scopes/identity/pid'
/** Organisation number of the system client's organisation, as HelseID puts it in client tokens. */
export const CLIENT_ORGNR_CLAIM = 'helseid://claims/client/claims/orgnr_parent'
/** The scope HelseID gives for NHN's Meldingstjener API; EPJ systems written for NHN ask for it unchanged. */
export const NHN_MSH_SCOPE = 'nhn:msh/api'
