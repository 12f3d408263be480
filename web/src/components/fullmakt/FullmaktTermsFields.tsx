import { Checkbox, Fieldset, Radio, Textfield, ValidationMessage } from '@digdir/designsystemet-react'
import { SERVICE_AREAS, type ServiceArea } from '../../../../src/citizen/fullmakt/fullmakt.schemas.ts'
import type { Fullmakt, FullmaktTerms } from '../../api/fullmakter.ts'
import { translate, useTexts } from '../../i18n/texts.ts'
import { fullmaktTexts as texts } from '../../text/fullmakt.texts.ts'
import { areaDescription, areaLabel } from '../../text/labels.ts'
import { StatusTags } from '../StatusTags.tsx'

// The terms of a fullmakt as the citizen's and the staff's forms ask for them: the areas and how long it holds.

/** Every area a fullmakt may cover, in the server's order (the access policy's list). */
export const ALL_AREAS: readonly ServiceArea[] = SERVICE_AREAS
/** An ordinary fullmakt covers every area but consents; those only through an assigned one. */
export const ORDINARY_AREAS: readonly ServiceArea[] = SERVICE_AREAS.filter((area) => area !== 'consents')

export type TermsState = { areas: ServiceArea[]; openEnded: boolean; lastDay: string }
export type TermsField = 'areas' | 'validTo'
export type TermsErrors = Partial<Record<TermsField, string>>

export function termsFrom(f: Fullmakt | null): TermsState {
  return { areas: f ? [...f.areas] : [], openEnded: f ? f.lastDay === null : true, lastDay: f?.lastDay ?? '' }
}

export function termsToRequest(t: TermsState): FullmaktTerms {
  return { areas: t.areas, validTo: t.openEnded ? null : t.lastDay }
}

export function validateTerms(t: TermsState): TermsErrors {
  const errors: TermsErrors = {}
  if (t.areas.length === 0) errors.areas = translate(texts, 'chooseArea')
  if (!t.openEnded && !/^\d{4}-\d{2}-\d{2}$/.test(t.lastDay)) errors.validTo = translate(texts, 'chooseLastDay')
  return errors
}

/** The areas as checkboxes with what each lets the proxy do, and how long it holds. */
export function TermsFields({
  idPrefix,
  areas,
  value,
  onChange,
  errors,
}: {
  idPrefix: string
  areas: readonly ServiceArea[]
  value: TermsState
  onChange: (next: TermsState) => void
  errors: TermsErrors
}) {
  const t = useTexts(texts)
  const toggle = (area: ServiceArea, checked: boolean) => {
    const chosen = new Set(value.areas)
    if (checked) chosen.add(area)
    else chosen.delete(area)
    onChange({ ...value, areas: areas.filter((a) => chosen.has(a)) })
  }
  return (
    <>
      <Fieldset aria-describedby={errors.areas ? `${idPrefix}-areas-error` : undefined}>
        <Fieldset.Legend>{t('areasLegend')}</Fieldset.Legend>
        <Fieldset.Description>{t('areasDescription')}</Fieldset.Description>
        {areas.map((area, index) => (
          <Checkbox
            key={area}
            id={index === 0 ? `${idPrefix}-area-first` : undefined}
            label={areaLabel(area)}
            description={areaDescription(area)}
            value={area}
            checked={value.areas.includes(area)}
            onChange={(event) => toggle(area, event.target.checked)}
            aria-invalid={errors.areas ? true : undefined}
          />
        ))}
        {errors.areas ? <ValidationMessage id={`${idPrefix}-areas-error`}>{errors.areas}</ValidationMessage> : null}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t('durationLegend')}</Fieldset.Legend>
        <Radio
          name={`${idPrefix}-validity`}
          value="open"
          label={t('noEndDate')}
          description={t('openEndedAbout')}
          checked={value.openEnded}
          onChange={() => onChange({ ...value, openEnded: true })}
        />
        <Radio
          name={`${idPrefix}-validity`}
          value="until"
          label={t('untilDate')}
          checked={!value.openEnded}
          onChange={() => onChange({ ...value, openEnded: false })}
        />
        {value.openEnded ? null : (
          <Textfield
            id={`${idPrefix}-last-day`}
            type="date"
            label={t('lastDay')}
            value={value.lastDay}
            onChange={(event) => onChange({ ...value, lastDay: event.target.value })}
            error={errors.validTo}
          />
        )}
      </Fieldset>
    </>
  )
}

export function AreaTags({ areas }: { areas: readonly string[] }) {
  return <StatusTags tags={areas.map((area) => ({ label: areaLabel(area), color: 'neutral' }))} />
}
