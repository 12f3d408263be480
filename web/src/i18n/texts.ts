// A page's texts: bokmål written as the master, nynorsk and English typed against it so a missing or extra key does
// not compile (and texts.test.ts checks the same at run time, with the placeholders each text uses).
import { useTranslation } from 'react-i18next'
import { i18n } from './i18n.ts'
import type { Language } from './languages.ts'

type Catalogue = Record<string, string>
/** The same keys as the master, each a text of its own. */
export type Translation<Master extends Catalogue> = { [K in keyof Master]: string }

export interface Texts<Master extends Catalogue> {
  readonly namespace: string
  readonly catalogues: Readonly<Record<Language, Translation<Master>>>
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/
/** A plural text is looked up without its suffix ("newMessages" for newMessages_one and newMessages_other). */
type TextKey<K> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K

export type TextValues = Record<string, string | number>
export type Translate<Master extends Catalogue> = (key: TextKey<keyof Master & string>, values?: TextValues) => string

const registered = new Map<string, Texts<Catalogue>>()

/** Every catalogue registered so far, for the completeness test. */
export function registeredTexts(): Texts<Catalogue>[] {
  return [...registered.values()]
}

/** Registers a page's texts under a namespace of its own (unique across the app). */
export function defineTexts<const Master extends Catalogue>(
  namespace: string,
  nb: Master,
  translations: { nn: Translation<Master>; en: Translation<Master> },
): Texts<Master> {
  const existing = registered.get(namespace)
  if (existing && existing.catalogues.nb !== nb) throw new Error(`text namespace ${namespace} is defined twice`)
  const texts: Texts<Master> = { namespace, catalogues: { nb, nn: translations.nn, en: translations.en } }
  for (const [language, catalogue] of Object.entries(texts.catalogues)) i18n.addResourceBundle(language, namespace, catalogue, true, true)
  registered.set(namespace, texts as unknown as Texts<Catalogue>)
  return texts
}

/** The translate function for a page's texts, in the user's language; re-renders when the language changes. */
export function useTexts<Master extends Catalogue>(texts: Texts<Master>): Translate<Master> {
  const { t } = useTranslation(texts.namespace, { i18n })
  // The keys are checked by Translate's own type; i18next's key inference knows nothing of these catalogues.
  const lookUp = t as unknown as (key: string, options: TextValues) => string
  return (key, values) => lookUp(key, values ?? {})
}

/** The same outside React (e.g. in text helpers called from render). */
export function translate<Master extends Catalogue>(texts: Texts<Master>, key: TextKey<keyof Master & string>, values?: TextValues): string {
  const lookUp = i18n.t as unknown as (key: string, options: TextValues & { ns: string }) => string
  return lookUp(key, { ns: texts.namespace, ...(values ?? {}) })
}

export function isPluralKey(key: string): boolean {
  return PLURAL_SUFFIX.test(key)
}
