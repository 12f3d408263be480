/** A stored message and its deliveries as the exchange reads them, and the columns and row mappers that make them. */

export type StoredMessage = {
  id: string
  senderHerId: number
  msgId: string
  msgType: string
  genDate: Date
  genDateText: string
  isAppRec: boolean
  originalMessageId: string | null
  refToParent: string | null
  refToConversation: string | null
  patientPersonId: string | null
  /** The document names a patient (reads are audit-logged), whether or not Samband knows the person. */
  hasPatient: boolean
  /** MsgInfo/Ack as sent; null when absent (which asks for an AppRec). */
  ack: string | null
  contentType: string
  documentSha256: string
  source: string
  sourceSystem: string | null
  receivedAt: Date
}

export type StoredDelivery = {
  messageId: string
  receiverHerId: number
  receiverRole: 'primary' | 'copy'
  route: 'local' | 'amqp' | 'none'
  status: 'received' | 'delivered' | 'acknowledged' | 'rejected' | 'failed'
  transportState: 'Unconfirmed' | 'Acknowledged' | 'Rejected'
  appRecStatus: 'Ok' | 'Rejected' | 'OkErrorInMessagePart' | null
  appRecErrors: AppRecErrorRecord[] | null
  appRecMessageId: string | null
  failureReason: string | null
  deliveredAt: Date | null
  readAt: Date | null
  answeredAt: Date | null
  deadlineAt: Date | null
  overdueAt: Date | null
  resends: number
  attempts: number
}

export type AppRecErrorRecord = { code: string; text: string | null; description: string | null; oid: string | null }

export const MESSAGE_COLUMNS = [
  'm.id',
  'm.sender_her_id',
  'm.msg_id',
  'm.msg_type',
  'm.gen_date',
  'm.gen_date_text',
  'm.is_apprec',
  'm.original_message_id',
  'm.ref_to_parent',
  'm.ref_to_conversation',
  'm.patient_person_id',
  'm.has_patient',
  'm.ack',
  'm.content_type',
  'm.document_sha256',
  'm.source',
  'm.source_system',
  'm.received_at',
] as const

type MessageRow = {
  id: string
  sender_her_id: number
  msg_id: string
  msg_type: string
  gen_date: Date
  gen_date_text: string
  is_apprec: boolean
  original_message_id: string | null
  ref_to_parent: string | null
  ref_to_conversation: string | null
  patient_person_id: string | null
  has_patient: boolean
  ack: string | null
  content_type: string
  document_sha256: string
  source: string
  source_system: string | null
  received_at: Date
}

export function toStoredMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    senderHerId: r.sender_her_id,
    msgId: r.msg_id,
    msgType: r.msg_type,
    genDate: new Date(r.gen_date),
    genDateText: r.gen_date_text,
    isAppRec: r.is_apprec,
    originalMessageId: r.original_message_id,
    refToParent: r.ref_to_parent,
    refToConversation: r.ref_to_conversation,
    patientPersonId: r.patient_person_id,
    hasPatient: r.has_patient,
    ack: r.ack,
    contentType: r.content_type,
    documentSha256: r.document_sha256,
    source: r.source,
    sourceSystem: r.source_system,
    receivedAt: new Date(r.received_at),
  }
}

export const DELIVERY_COLUMNS = [
  'd.message_id',
  'd.receiver_her_id',
  'd.receiver_role',
  'd.route',
  'd.status',
  'd.transport_state',
  'd.apprec_status',
  'd.apprec_errors',
  'd.apprec_message_id',
  'd.failure_reason',
  'd.delivered_at',
  'd.read_at',
  'd.answered_at',
  'd.deadline_at',
  'd.overdue_at',
  'd.resends',
  'd.attempts',
] as const

type DeliveryRow = {
  message_id: string
  receiver_her_id: number
  receiver_role: StoredDelivery['receiverRole']
  route: StoredDelivery['route']
  status: StoredDelivery['status']
  transport_state: StoredDelivery['transportState']
  apprec_status: StoredDelivery['appRecStatus']
  apprec_errors: unknown
  apprec_message_id: string | null
  failure_reason: string | null
  delivered_at: Date | null
  read_at: Date | null
  answered_at: Date | null
  deadline_at: Date | null
  overdue_at: Date | null
  resends: number
  attempts: number
}

const date = (d: Date | null) => (d === null ? null : new Date(d))

export function toStoredDelivery(r: DeliveryRow): StoredDelivery {
  const errors = typeof r.apprec_errors === 'string' ? (JSON.parse(r.apprec_errors) as unknown) : r.apprec_errors
  return {
    messageId: r.message_id,
    receiverHerId: r.receiver_her_id,
    receiverRole: r.receiver_role,
    route: r.route,
    status: r.status,
    transportState: r.transport_state,
    appRecStatus: r.apprec_status,
    appRecErrors: Array.isArray(errors) ? (errors as AppRecErrorRecord[]) : null,
    appRecMessageId: r.apprec_message_id,
    failureReason: r.failure_reason,
    deliveredAt: date(r.delivered_at),
    readAt: date(r.read_at),
    answeredAt: date(r.answered_at),
    deadlineAt: date(r.deadline_at),
    overdueAt: date(r.overdue_at),
    resends: r.resends,
    attempts: r.attempts,
  }
}
