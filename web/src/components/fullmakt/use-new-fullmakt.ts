import { useState } from 'react'
import { translate } from '../../i18n/texts.ts'
import { fullmaktTexts } from '../../text/fullmakt.texts.ts'
import { nationalIdDigits, nationalIdProblem } from '../../text/national-id.ts'
import { type TermsField, termsFrom, type TermsState, termsToRequest, validateTerms } from './FullmaktTermsFields.tsx'

/** What a new fullmakt asks for, the citizen's own and the one staff register alike: who gets it, and its terms. */
export function useNewFullmakt() {
  const [proxy, setProxy] = useState('')
  const [terms, setTerms] = useState<TermsState>(termsFrom(null))
  return {
    proxy,
    setProxy,
    terms,
    setTerms,
    /** What is wrong with them before the server is asked, by field. */
    problems(): Partial<Record<'proxy' | TermsField, string>> {
      const found: Partial<Record<'proxy' | TermsField, string>> = { ...validateTerms(terms) }
      const proxyProblem = nationalIdProblem(proxy, translate(fullmaktTexts, 'proxyMissing'))
      if (proxyProblem) found.proxy = proxyProblem
      return found
    },
    proxyNationalId: () => nationalIdDigits(proxy),
    termsRequest: () => termsToRequest(terms),
    /** Once the fullmakt is given: empty for the next one. */
    clear() {
      setProxy('')
      setTerms(termsFrom(null))
    },
  }
}
