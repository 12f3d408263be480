import { useTranslation } from 'react-i18next'
import { currentLanguage, i18n } from './i18n.ts'
import type { Language } from './languages.ts'

/** The language shown now; a component that uses it re-renders when it changes. */
export function useLanguage(): Language {
  useTranslation(undefined, { i18n })
  return currentLanguage()
}
