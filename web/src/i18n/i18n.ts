// One i18next instance for the web app. Texts are registered by each page's *.texts.ts (see texts.ts), so a page
// carries its own catalogue in all three languages; the staff portal stays in bokmål.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { type Language, LOCALE_OF, MASTER_LANGUAGE, storedLanguage } from './languages.ts'

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: MASTER_LANGUAGE,
  supportedLngs: ['nb', 'nn', 'en'],
  resources: {},
  // React escapes what it renders; escaping here too would show "&amp;" to the user.
  interpolation: { escapeValue: false },
  initAsync: false,
})

/** The language texts are shown in now. */
export function currentLanguage(): Language {
  const language = i18n.language
  return language === 'nn' || language === 'en' ? language : 'nb'
}

/** The Intl locale dates and numbers are formatted with now. */
export function currentLocale(): string {
  return LOCALE_OF[currentLanguage()]
}
