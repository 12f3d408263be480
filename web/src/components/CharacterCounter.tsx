import { Paragraph, ValidationMessage } from '@digdir/designsystemet-react'
import { useEffect, useState } from 'react'
import { useTexts } from '../i18n/texts.ts'
import { formatNumber } from '../text/format.ts'
import { formsTexts } from './forms.texts.ts'

/**
 * How many characters are left in a text field with a limit, shown once the limit nears (the last tenth, at least 20
 * characters) so that nobody is surprised by a refusal and nothing is cut. The server counts as `text.length` does
 * (UTF-16 code units), so this does too. The visible count changes on every key; screen readers hear it politely,
 * once the writer pauses, instead of at every key.
 */
export function CharacterCounter({ id, text, limit }: { id: string; text: string; limit: number }) {
  const t = useTexts(formsTexts)
  const left = limit - text.length
  const near = left <= Math.max(20, Math.round(limit / 10))
  const message = !near ? '' : left >= 0 ? t('charactersLeft', { n: formatNumber(left) }) : t('charactersOver', { n: formatNumber(-left) })
  const announced = useSettled(message, 1000)
  return (
    <>
      {message === '' ? null : left >= 0 ? (
        <Paragraph id={id} data-size="sm" className="app-character-counter">
          {message}
        </Paragraph>
      ) : (
        <ValidationMessage id={id} data-size="sm" className="app-character-counter">
          {message} {t('atMost', { limit: formatNumber(limit) })}
        </ValidationMessage>
      )}
      <span className="app-visually-hidden" aria-live="polite" aria-atomic="true">
        {announced}
      </span>
    </>
  )
}

/** `value` once it has stayed the same for `ms`. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
