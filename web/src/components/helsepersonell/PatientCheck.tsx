import { Alert, Paragraph } from '@digdir/designsystemet-react'
import { usePatientLookup } from '../../api/helsepersonell/exchange.ts'
import { ApiError } from '../../api/http.ts'
import { formatDate } from '../../text/oslo-time.ts'

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Finner ikke dette fødselsnummeret i Folkeregisteret. Sjekk at det er skrevet riktig.'
    if (error.problem?.code === 'invalid-national-id') return 'Fødselsnummeret har feil kontrollsiffer. Sjekk at det er skrevet riktig.'
    if (error.status === 403 && error.problem?.detail) return error.problem.detail
  }
  return 'Vi klarte ikke å slå opp pasienten akkurat nå. Du kan sende likevel; meldingen sendes bare hvis tjenesten din har et behandlingsforhold til pasienten.'
}

/**
 * Whom the typed number belongs to, from the registry, before anything is sent: the wrong patient is caught here.
 * Read out politely as it changes; nothing until the number has 11 digits.
 */
export function PatientCheck({ nationalId, csrfToken }: { nationalId: string | null; csrfToken: string }) {
  const patient = usePatientLookup(nationalId, csrfToken)
  return (
    <div aria-live="polite" className="app-patient-check">
      {nationalId === null ? null : patient.isPending ? (
        <Paragraph data-size="sm">Slår opp pasienten …</Paragraph>
      ) : patient.isError ? (
        <Alert data-color="warning">
          <Paragraph>{problemText(patient.error)}</Paragraph>
        </Alert>
      ) : (
        <Alert data-color="info">
          <Paragraph>
            Pasient: <strong>{patient.data.name}</strong>, født {formatDate(patient.data.birthDate)}. Sjekk at dette er riktig pasient før du sender.
          </Paragraph>
        </Alert>
      )}
    </div>
  )
}
