/**
 * The digital services a municipal service can open for citizens (DigiHelse's set), and whether one is open for a
 * citizen right now: activated by the operator, and the municipality's agreement not past its end date. Pure rules:
 * the caller loads the activation and the termination.
 */
import type { DigitalService } from './digital-service.schemas.ts'

/** Bokmål names as they read inside a sentence ("støtter ikke meldinger"). */
export const DIGITAL_SERVICE_NAMES: Readonly<Record<DigitalService, string>> = {
  messages: 'meldinger',
  appointments: 'timeavtaler',
  'home-visits': 'hjemmebesøk',
  letters: 'brev',
  forms: 'skjema',
  tools: 'verktøy',
}

export type ServiceAvailability = {
  /** Whether citizens may start or continue using it now. */
  open: boolean
  /** Why not, when closed. */
  closedReason: 'not-activated' | 'agreement-ended' | null
  /** When the municipality's agreement ends (notice given): citizens are told until then. */
  endsAt: Date | null
}

export function serviceAvailability(input: {
  /** Start of the current activation, or null when the service has none. */
  activatedAt: Date | null
  /** End date of the municipality's pending termination, if notice was given and not withdrawn. */
  terminationEndsAt: Date | null
  now: Date
}): ServiceAvailability {
  const { activatedAt, terminationEndsAt, now } = input
  // The service stays usable until the end date, then stops.
  if (terminationEndsAt && terminationEndsAt.getTime() <= now.getTime()) {
    return { open: false, closedReason: 'agreement-ended', endsAt: terminationEndsAt }
  }
  if (!activatedAt || activatedAt.getTime() > now.getTime()) {
    return { open: false, closedReason: 'not-activated', endsAt: terminationEndsAt }
  }
  return { open: true, closedReason: null, endsAt: terminationEndsAt }
}
