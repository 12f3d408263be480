import { Textfield } from '@digdir/designsystemet-react'

type NationalIdFieldProps = {
  id: string
  label: string
  description: string
  value: string
  onChange: (value: string) => void
  error?: string | undefined
}

/** A field for a fødselsnummer or D-nummer: digits on a phone's keypad, never filled in by the browser. */
export function NationalIdField({ id, label, description, value, onChange, error }: NationalIdFieldProps) {
  return (
    <Textfield
      id={id}
      label={label}
      description={description}
      inputMode="numeric"
      autoComplete="off"
      maxLength={13}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  )
}
