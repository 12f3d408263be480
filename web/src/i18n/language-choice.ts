import { i18n } from './i18n.ts'
import { type Language, rememberLanguage } from './languages.ts'

/** The user's own choice: shown at once and remembered in this browser. */
export function chooseLanguage(language: Language): void {
  rememberLanguage(language)
  void i18n.changeLanguage(language)
}

/**
 * Staff pages are in bokmål only: while someone uses them, texts are shown in bokmål without forgetting what a
 * citizen chose in this browser.
 */
export function showLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language)
}
