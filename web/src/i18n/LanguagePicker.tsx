import { Label, Select } from '@digdir/designsystemet-react'
import { useId } from 'react'
import { chooseLanguage } from './language-choice.ts'
import { LANGUAGES, isLanguage, NATIVE_NAME } from './languages.ts'
import { languagePickerTexts as texts } from './language-picker.texts.ts'
import { useTexts } from './texts.ts'
import { useLanguage } from './use-language.ts'

/** The citizen's choice of language, remembered in this browser. */
export function LanguagePicker() {
  const t = useTexts(texts)
  const language = useLanguage()
  const id = useId()
  return (
    <div className="app-language">
      <Label htmlFor={id} data-size="sm">
        {t('label')}
      </Label>
      <Select
        id={id}
        data-size="sm"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) chooseLanguage(event.target.value)
        }}
      >
        {LANGUAGES.map((code) => (
          <Select.Option key={code} value={code} lang={code}>
            {NATIVE_NAME[code]}
          </Select.Option>
        ))}
      </Select>
    </div>
  )
}
