import { Fragment, type ReactNode, useEffect } from 'react'
import { useLanguage } from './use-language.ts'

/**
 * Renders the app in the language shown now. Changing language remounts what is below, so every date and number
 * formatted during render follows too; the page's lang attribute tells screen readers how to pronounce it.
 */
export function LanguageRoot({ children }: { children: ReactNode }) {
  const language = useLanguage()
  useEffect(() => {
    document.documentElement.lang = language
  }, [language])
  return <Fragment key={language}>{children}</Fragment>
}
