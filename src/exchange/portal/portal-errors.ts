/**
 * The exchange's use-case errors as Samband's own problem+json (the /msh routes answer the same errors in NHN's
 * ErrorMessage format instead). ExchangeError texts are English and never quote document content; the portal shows
 * a Norwegian detail and passes the structural details on as `errors`, so the user can see what was wrong.
 */
import { AppError, type ErrorCode } from '../../platform/http/errors.ts'
import { ExchangeError, type ExchangeErrorKind } from '../delivery/exchange-error.ts'

const MAPPING: Readonly<Record<ExchangeErrorKind, { code: ErrorCode; detail: string }>> = {
  'invalid-request': { code: 'validation-failed', detail: 'Forespørselen kunne ikke behandles.' },
  'invalid-document': { code: 'validation-failed', detail: 'Meldingen er ikke gyldig etter standarden og ble ikke sendt.' },
  'not-authorised-for-her-id': { code: 'forbidden', detail: 'Tjenesten du handler for kan ikke sende for denne HER-id-en.' },
  'not-found': { code: 'not-found', detail: 'Meldingen finnes ikke.' },
  'duplicate-with-different-content': { code: 'conflict', detail: 'En annen melding med samme meldings-id er allerede sendt.' },
  'apprec-original-unknown': { code: 'validation-failed', detail: 'Kvitteringen gjelder en melding Samband ikke kjenner.' },
  'apprec-already-final': { code: 'conflict', detail: 'Det er allerede sendt en endelig applikasjonskvittering for meldingen.' },
  'apprec-about-apprec': { code: 'validation-failed', detail: 'En applikasjonskvittering kan ikke kvitteres.' },
  'not-a-receiver': { code: 'forbidden', detail: 'Tjenesten du handler for er ikke mottaker av meldingen.' },
}

export function toAppError(error: ExchangeError): AppError {
  const { code, detail } = MAPPING[error.kind]
  const fields = [error.message, ...error.details].slice(0, 20).map((message) => ({ path: 'document', message }))
  return new AppError(code, detail, code === 'validation-failed' ? fields : undefined)
}

/** Runs an exchange use case and answers its ExchangeErrors as problem+json. */
export async function exchangeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ExchangeError) throw toAppError(error)
    throw error
  }
}
