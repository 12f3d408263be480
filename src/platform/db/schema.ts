import type { ColumnType, Generated } from 'kysely'

// Hand-written table types; snake_case as in SQL. Modules map rows to their own domain types.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** `date` columns are read as 'YYYY-MM-DD' text on both databases (see database.ts). */
type DateText = ColumnType<string, string, string>

export type OrganisationTable = {
  id: Generated<string>
  organisation_number: string
  name: string
  kind: 'hospital' | 'municipality' | 'gp_office' | 'specialist' | 'legevakt' | 'other'
  municipality_number: string | null
  her_id: number | null
  parent_id: string | null
  is_partner: Generated<boolean>
  created_at: CreatedAt
}

export type ServiceTable = {
  id: Generated<string>
  organisation_id: string
  name: string
  kind: string
  her_id: number
  created_at: CreatedAt
}

export type PersonTable = {
  id: Generated<string>
  national_id: string
  given_name: string
  family_name: string
  birth_date: DateText
  address_line: string | null
  postal_code: string | null
  city: string | null
  municipality_number: string | null
  confidential_address: Generated<boolean>
  deceased_at: DateText | null
  created_at: CreatedAt
}

export type ParentalRelationTable = {
  parent_person_id: string
  child_person_id: string
  parental_responsibility: Generated<boolean>
}

export type FullmaktTable = {
  id: Generated<string>
  giver_person_id: string
  proxy_person_id: string
  kind: 'ordinary' | 'assigned'
  areas: string[]
  valid_from: Timestamp
  valid_to: Timestamp | null
  revoked_at: Timestamp | null
  created_at: CreatedAt
}

export type StaffTable = {
  id: Generated<string>
  hpr_number: string | null
  national_id: string
  given_name: string
  family_name: string
  profession: string | null
  is_platform_operator: Generated<boolean>
  created_at: CreatedAt
}

export type StaffMembershipTable = {
  staff_id: string
  service_id: string
  roles: string[]
  valid_from: ColumnType<Date, Date | string | undefined, Date | string>
  valid_to: Timestamp | null
}

export type CareRelationTable = {
  id: Generated<string>
  patient_person_id: string
  service_id: string
  valid_from: Timestamp
  valid_to: Timestamp | null
}

export type SystemClientTable = {
  id: Generated<string>
  client_id: string
  /** Null for a private_key_jwt client, which has `jwks` instead. */
  secret_ciphertext: string | null
  /** The public JWKS of a private_key_jwt client. */
  jwks: ColumnType<{ keys: Record<string, unknown>[] } | null, string | null, string | null>
  name: string
  organisation_id: string
  scopes: string[]
  created_at: CreatedAt
  revoked_at: Timestamp | null
}

export type DpopProofReplayTable = {
  jti: string
  expires_at: Timestamp
}

export type SessionTable = {
  id: string
  kind: 'citizen' | 'staff'
  person_id: string | null
  staff_id: string | null
  service_id: string | null
  csrf_token: string
  id_token_hint: string | null
  created_at: CreatedAt
  expires_at: Timestamp
}

export type LoginAttemptTable = {
  state: string
  kind: 'citizen' | 'staff'
  nonce: string
  code_verifier: string
  return_to: string
  expires_at: Timestamp
}

export type IdpPayloadTable = {
  model: string
  id: string
  payload: ColumnType<Record<string, unknown>, string, string>
  grant_id: string | null
  user_code: string | null
  uid: string | null
  expires_at: Timestamp | null
  consumed_at: Timestamp | null
}

export type IdpSigningKeyTable = {
  kid: string
  private_jwk: ColumnType<Record<string, unknown>, string, string>
  created_at: CreatedAt
}

export type AuditLogTable = {
  seq: number
  id: Generated<string>
  at: Timestamp
  request_id: string | null
  actor_type: string
  actor_id: string | null
  actor_name: string | null
  actor_role: string | null
  on_behalf_of_person_id: string | null
  organisation_id: string | null
  service_id: string | null
  action: string
  resource_type: string
  resource_id: string | null
  patient_person_id: string | null
  reason: string | null
  decision: 'allowed' | 'denied'
  decision_basis: string | null
  emergency: boolean
  prev_hash: string
  hash: string
}

export type AuditChainHeadTable = {
  singleton: boolean
  seq: number
  hash: string
}

export type CommunicationPartyTable = {
  her_id: number
  kind: 'organisation' | 'service' | 'person'
  name: string
  parent_her_id: number | null
  organisation_number: string | null
  organisation_id: string | null
  service_id: string | null
  hpr_number: string | null
  installation: ColumnType<string, string | undefined, string>
  contact_email: string | null
  active: ColumnType<boolean, boolean | undefined, boolean>
}

export type PartyProcessTable = {
  her_id: number
  msg_type: string
  payload_namespace: string
}

export type ExchangeMessageTable = {
  id: string
  sender_her_id: number
  msg_id: string
  msg_type: string
  gen_date: Timestamp
  gen_date_text: string
  is_apprec: boolean
  original_message_id: string | null
  ref_to_parent: string | null
  ref_to_conversation: string | null
  patient_person_id: string | null
  content_type: string
  document: Buffer
  document_sha256: string
  source: 'msh' | 'portal' | 'amqp' | 'samband'
  source_system: string | null
  submitted_by: string | null
  received_at: Timestamp
  has_patient: ColumnType<boolean, boolean | undefined, boolean>
  ack: string | null
}

export type ExchangeDeliveryTable = {
  message_id: string
  receiver_her_id: number
  receiver_role: 'primary' | 'copy'
  route: 'local' | 'amqp' | 'none'
  status: 'received' | 'delivered' | 'acknowledged' | 'rejected' | 'failed'
  transport_state: 'Unconfirmed' | 'Acknowledged' | 'Rejected'
  gen_date: Timestamp
  apprec_status: 'Ok' | 'Rejected' | 'OkErrorInMessagePart' | null
  apprec_errors: ColumnType<unknown, string | null, string | null> | null
  apprec_message_id: string | null
  failure_reason: string | null
  next_attempt_at: ColumnType<Date, Date | string, Date | string> | null
  attempts: ColumnType<number, number | undefined, number>
  resends: ColumnType<number, number | undefined, number>
  delivered_at: ColumnType<Date, Date | string, Date | string> | null
  read_at: ColumnType<Date, Date | string, Date | string> | null
  answered_at: ColumnType<Date, Date | string, Date | string> | null
  deadline_at: ColumnType<Date, Date | string, Date | string> | null
  overdue_at: ColumnType<Date, Date | string, Date | string> | null
}

export type ExchangeAlertTable = {
  id: Generated<string>
  message_id: string
  receiver_her_id: number
  sender_her_id: number
  kind: 'apprec-overdue' | 'delivery-failed'
  created_at: Timestamp
  notified_at: ColumnType<Date, Date | string, Date | string> | null
  notify_attempts: ColumnType<number, number | undefined, number>
  resolved_at: ColumnType<Date, Date | string, Date | string> | null
}

export type ContactRegisterEntryTable = {
  national_id: string
  email: string | null
  mobile: string | null
  reserved: ColumnType<boolean, boolean | undefined, boolean>
  last_confirmed_at: Timestamp
}

export type NotificationPreferenceTable = {
  person_id: string
  level: 'begrenset' | 'normal' | 'full'
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export type NotificationOutboxTable = {
  id: Generated<string>
  event_key: string
  person_id: string
  kind: string
  sender_name: string | null
  sender_sensitive: boolean
  status: ColumnType<'pending' | 'sent' | 'skipped' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'skipped' | 'failed'>
  attempts: ColumnType<number, number | undefined, number>
  created_at: CreatedAt
  next_attempt_at: Timestamp
  completed_at: ColumnType<Date, Date | string, Date | string> | null
  channel: 'sms' | 'email' | null
  outcome_reason: string | null
}

export type DB = {
  organisation: OrganisationTable
  service: ServiceTable
  person: PersonTable
  parental_relation: ParentalRelationTable
  fullmakt: FullmaktTable
  staff: StaffTable
  staff_membership: StaffMembershipTable
  care_relation: CareRelationTable
  system_client: SystemClientTable
  dpop_proof_replay: DpopProofReplayTable
  session: SessionTable
  login_attempt: LoginAttemptTable
  idp_payload: IdpPayloadTable
  idp_signing_key: IdpSigningKeyTable
  audit_log: AuditLogTable
  audit_chain_head: AuditChainHeadTable
  communication_party: CommunicationPartyTable
  party_process: PartyProcessTable
  exchange_message: ExchangeMessageTable
  exchange_delivery: ExchangeDeliveryTable
  exchange_alert: ExchangeAlertTable
  contact_register_entry: ContactRegisterEntryTable
  notification_preference: NotificationPreferenceTable
  notification_outbox: NotificationOutboxTable
}
