/**
 * What can go wrong with a use case of the message exchange, independent of how it is answered: the /msh routes
 * turn these into NHN's ErrorMessage, Samband's own routes into problem+json. Texts never quote document content.
 */
export type ExchangeErrorKind =
  | 'invalid-request'
  | 'invalid-document'
  | 'not-authorised-for-her-id'
  | 'not-found'
  | 'duplicate-with-different-content'
  | 'apprec-original-unknown'
  | 'apprec-already-final'
  | 'apprec-about-apprec'
  | 'not-a-receiver'

export class ExchangeError extends Error {
  constructor(
    readonly kind: ExchangeErrorKind,
    message: string,
    /** Details safe to show the caller: element paths, schema messages about structure, HER-ids. */
    readonly details: string[] = [],
  ) {
    super(message)
    this.name = 'ExchangeError'
  }
}
