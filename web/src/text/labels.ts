import type { ServiceArea } from '../../../src/citizen/fullmakt/fullmakt.schemas.ts'
import type { RepresentationBasis } from '../api/me.ts'
import { translate } from '../i18n/texts.ts'
import { labelsTexts } from './labels.texts.ts'

// Names for the server's codes, in the reader's language (staff pages are in bokmål). Unknown codes are shown as they
// are rather than hidden: a new code on the server must stay visible.

type LabelKey = keyof typeof labelsTexts.catalogues.nb

function known(key: string): key is LabelKey {
  return Object.hasOwn(labelsTexts.catalogues.nb, key)
}

function label(key: string): string | null {
  return known(key) ? translate(labelsTexts, key) : null
}

// Every service area the server knows has a label and a description: a new one fails the typecheck here.
const areaKeys: Record<`area-${ServiceArea}` | `about-${ServiceArea}`, string> = labelsTexts.catalogues.nb
void areaKeys

// Action codes hold characters the text keys cannot (":" and "."), hence the table.
const ACTION_KEYS: Record<string, LabelKey> = {
  'citizen-data:read': 'action-citizen-data-read',
  'citizen-data:write': 'action-citizen-data-write',
  'patient-data:read': 'action-patient-data-read',
  'patient-data:write': 'action-patient-data-write',
  'exchange.message.read': 'action-exchange-message-read',
  'exchange.message.answer': 'action-exchange-message-answer',
}
// An action on a particular kind of resource that reads better as one phrase.
const ACTION_ON_RESOURCE_KEYS: Record<string, LabelKey> = {
  'patient-data:write exchange_message': 'action-sent-message',
}

export function areaLabel(code: string): string {
  return label(`area-${code}`) ?? code
}

/** What a fullmakt for the area lets the proxy do, in plain words for the form where it is given. */
export function areaDescription(code: string): string {
  return label(`about-${code}`) ?? ''
}

/** Role codes become names; anything else (a profession such as "sykepleier") is shown capitalised. */
export function roleLabel(code: string): string {
  return label(`role-${code}`) ?? capitalise(code)
}

/** The action, and what it touched when we know a name for it: "Så opplysninger: innsynsloggen". */
export function actionLabel(code: string, resourceType?: string): string {
  const phrase = resourceType ? ACTION_ON_RESOURCE_KEYS[`${code} ${resourceType}`] : undefined
  if (phrase) return translate(labelsTexts, phrase)
  const actionKey = ACTION_KEYS[code]
  const action = actionKey ? translate(labelsTexts, actionKey) : code
  const resource = resourceType ? label(`resource-${resourceType}`) : null
  return resource ? `${action}: ${resource}` : action
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('nb-NO') + text.slice(1)
}

export function basisLabel(basis: RepresentationBasis): string {
  return label(`basis-${basis}`) ?? basis
}

/** Said of a child of 12–15, whose parents see less. */
export function reducedRightsNote(): string {
  return translate(labelsTexts, 'reducedRights')
}
