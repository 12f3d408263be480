import '../../styles/access-log.css'
import { Button, Fieldset, Label, Select, Textfield } from '@digdir/designsystemet-react'
import { type FormEvent, useId, useState } from 'react'
import type { AccessLogFilter as Filter } from '../../api/innbygger/access-log.ts'
import { useTexts } from '../../i18n/texts.ts'
import { accessLogTexts as texts } from '../../text/access-log.texts.ts'

type Props = {
  value: Filter
  organisations: readonly { id: string; name: string }[]
  onChange: (filter: Filter) => void
}

/** Period (first and last day, both included) and organisation; applied on «Vis», so the list does not jump while typing. */
export function AccessLogFilter({ value, organisations, onChange }: Props) {
  const t = useTexts(texts)
  const [draft, setDraft] = useState<Filter>(value)
  const id = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onChange({ ...draft, offset: 0 })
  }
  return (
    <form onSubmit={submit} className="app-access-log-filter">
      <Fieldset>
        <Fieldset.Legend>{t('filterLegend')}</Fieldset.Legend>
        <div className="app-access-log-filter__fields">
          <Textfield id={`${id}-from`} type="date" label={t('from')} value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <Textfield id={`${id}-to`} type="date" label={t('to')} value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <div className="app-stack app-stack--tight">
            <Label htmlFor={`${id}-org`}>{t('organisation')}</Label>
            <Select id={`${id}-org`} value={draft.organisationId ?? ''} onChange={(e) => setDraft({ ...draft, organisationId: e.target.value })}>
              <Select.Option value="">{t('allOrganisations')}</Select.Option>
              {organisations.map((o) => (
                <Select.Option key={o.id} value={o.id}>
                  {o.name}
                </Select.Option>
              ))}
            </Select>
          </div>
        </div>
        <div className="app-access-log-filter__actions">
          <Button type="submit" data-size="sm">
            {t('show')}
          </Button>
          <Button
            type="button"
            variant="tertiary"
            data-size="sm"
            onClick={() => {
              setDraft({})
              onChange({})
            }}
          >
            {t('reset')}
          </Button>
        </div>
      </Fieldset>
    </form>
  )
}
