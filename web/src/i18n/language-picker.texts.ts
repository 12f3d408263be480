import { defineTexts } from './texts.ts'

export const languagePickerTexts = defineTexts('language-picker', { label: 'Språk' }, { nn: { label: 'Språk' }, en: { label: 'Language' } })
