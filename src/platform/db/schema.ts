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
  sensitive_name: Generated<boolean>
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
  replaces_fullmakt_id: ColumnType<string | null, string | null | undefined, string | null>
  registered_by_staff_id: ColumnType<string | null, string | null | undefined, string | null>
  revoked_by_person_id: ColumnType<string | null, string | null | undefined, string | null>
  revoked_by_staff_id: ColumnType<string | null, string | null | undefined, string | null>
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
  organisation_number: string
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
  /** SHA-256 of the binding cookie of the browser that started the login (null: from before bindings). */
  browser_binding: string | null
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
  platform_party: Generated<boolean>
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
  /** Null: due from created_at. A lease while the outbox worker sends it; after a failure, the backoff's next attempt. */
  next_attempt_at: NullableTimestamp
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

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export type ServiceContactInfoTable = {
  service_id: string
  phone: Nullable<string>
  email: Nullable<string>
  visiting_address: Nullable<string>
  postal_code: Nullable<string>
  city: Nullable<string>
  opening_hours: Nullable<string>
  about: Nullable<string>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export type PrimaryContactTable = {
  id: Generated<string>
  patient_person_id: string
  service_id: string
  staff_id: string
  valid_from: Timestamp
  valid_to: NullableTimestamp
}

export type TermsDocument = 'general' | 'special' | 'dpa'

export type TermsVersionTable = {
  id: Generated<string>
  document: TermsDocument
  digital_service: Nullable<string>
  version: string
  title: string
  change_log: string
  published_at: Timestamp
  effective_from: Timestamp
}

export type MunicipalityOnboardingTable = {
  organisation_id: string
  connection_ordered_at: Timestamp
  connected_at: NullableTimestamp
  digifin_member: Generated<boolean>
  connection_fee_nok: Nullable<number>
  epj_product: Nullable<string>
  epj_supported_services: ColumnType<string[], string[] | undefined, string[]>
  dpa_required: Generated<boolean>
}

export type TermsAcceptanceTable = {
  organisation_id: string
  terms_version_id: string
  accepted_at: Timestamp
  accepted_by_name: string
}

export type DigitalServiceActivationTable = {
  id: Generated<string>
  service_id: string
  digital_service: string
  activated_at: Timestamp
  activated_by_staff_id: Nullable<string>
  deactivated_at: NullableTimestamp
}

export type MunicipalityTerminationTable = {
  id: Generated<string>
  organisation_id: string
  initiated_by: 'municipality' | 'operator'
  notice_given_at: Timestamp
  ends_at: Timestamp
  reason: Nullable<string>
  recorded_by_staff_id: Nullable<string>
  withdrawn_at: NullableTimestamp
}

export type CitizenThreadTable = {
  id: Generated<string>
  citizen_person_id: string
  service_id: string
  subject: string
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>
  conversation_ref: string
  created_at: Timestamp
  last_message_at: Timestamp
  answer_due_at: NullableTimestamp
  closed_at: NullableTimestamp
  closed_by_name: Nullable<string>
  assigned_staff_id: ColumnType<string | null, string | null | undefined, string | null>
  assigned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export type CitizenThreadNoteTable = {
  id: Generated<string>
  thread_id: string
  body: string
  written_by_staff_id: string
  author_name: string
  created_at: Timestamp
}

export type ServiceAnswerTemplateTable = {
  id: Generated<string>
  service_id: string
  title: string
  body: string
  updated_by_staff_id: string
  updated_at: Timestamp
}

export type CitizenMessageTable = {
  id: Generated<string>
  thread_id: string
  from_side: 'citizen' | 'service'
  body: string
  written_by_person_id: Nullable<string>
  written_by_staff_id: Nullable<string>
  written_by_client_id: Nullable<string>
  author_name: string
  representation_basis: Nullable<string>
  created_at: Timestamp
  read_at: NullableTimestamp
  msg_id: string
  exchange_state: ColumnType<'none' | 'pending' | 'submitted', 'none' | 'pending' | 'submitted' | undefined, 'none' | 'pending' | 'submitted'>
  exchange_message_id: Nullable<string>
  idempotency_key: Nullable<string>
}

export type CitizenMessageAttachmentTable = {
  id: Generated<string>
  message_id: string
  file_name: string
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png'
  byte_size: number
  sha256: string
  content: Buffer
}

export type DevMailboxMessageTable = {
  id: Generated<string>
  seq: ColumnType<number, never, never>
  channel: 'email' | 'sms'
  recipient: string
  subject: string | null
  body: string
  kind: string | null
  sent_at: Timestamp
}

export type PeriodicTaskTable = {
  name: string
  last_run_at: Timestamp
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
  service_contact_info: ServiceContactInfoTable
  primary_contact: PrimaryContactTable
  terms_version: TermsVersionTable
  municipality_onboarding: MunicipalityOnboardingTable
  terms_acceptance: TermsAcceptanceTable
  digital_service_activation: DigitalServiceActivationTable
  municipality_termination: MunicipalityTerminationTable
  citizen_thread: CitizenThreadTable
  citizen_message: CitizenMessageTable
  citizen_message_attachment: CitizenMessageAttachmentTable
  citizen_thread_note: CitizenThreadNoteTable
  service_answer_template: ServiceAnswerTemplateTable
  dev_mailbox_message: DevMailboxMessageTable
  periodic_task: PeriodicTaskTable
}
