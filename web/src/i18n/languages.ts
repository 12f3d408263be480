// The languages of the citizen pages: bokmål is the master every other catalogue is checked against.

export const LANGUAGES = ['nb', 'nn', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const MASTER_LANGUAGE: Language = 'nb'

/** The Intl locale each language formats dates and numbers with. */
export const LOCALE_OF: Record<Language, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' }

/** Each language's name in itself, as a language picker shows it. */
export const NATIVE_NAME: Record<Language, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' }

const STORAGE_KEY = 'samband.language'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The language this browser's user chose earlier; bokmål until they choose. */
export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : MASTER_LANGUAGE
  } catch {
    // Storage can be switched off (private mode, policies): the choice then lasts the page's life.
    return MASTER_LANGUAGE
  }
}

export function rememberLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language)
  } catch {
    // See storedLanguage.
  }
}
