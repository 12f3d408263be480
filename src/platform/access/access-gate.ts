/**
 * The one gate in front of every use case. A use case runs in one transaction; each access it needs is decided there
 * by the policy (`decide`), from facts loaded in the same transaction. An allowed access to someone's personal data is
 * audit-logged in that transaction, so the record and the work commit or fail together. A denial rolls the use case
 * back, is audit-logged on its own, and is answered with 403 (or the caller's own refusal).
 */
import type { Kysely, Transaction } from 'kysely'
import type { AuditEntry } from '../audit/audit-chain.rules.ts'
import { type AuditSubject, auditEntry } from '../audit/audit-entry.ts'
import { appendAudit, countRecentActions } from '../audit/audit-log.repository.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../http/errors.ts'
import type { Principal } from '../identity/authenticate.ts'
import { decide } from './access.policy.ts'
import type { AccessAllowed, AccessDecision, AccessFacts, ActionRequest, DenyCode } from './access.types.ts'

/** Loads the facts the policy needs about these people (and those related to them), in the use case's transaction. */
export type AccessFactsLoader = (trx: Transaction<DB>, personIds: readonly string[], now: Date) => Promise<AccessFacts>

/** Who asks, and the request id their audit rows carry. */
export type Caller = { principal: Principal; requestId: string }

/**
 * What is reached: the audit row's resource. With `patientPersonId`, or `holdsPersonalData` (about someone the registry
 * does not know), an allowed access is logged too; a denial always is. `auditAction` names the action in the log when
 * the request's own name says less (e.g. 'exchange.message.read').
 */
export type AccessTarget = {
  resourceType: string
  resourceId: string | null
  patientPersonId?: string | null
  holdsPersonalData?: boolean
  auditAction?: string
  /** False: only a denial is logged, also with a patient (marking a message read shows nothing of it). */
  auditAllowed?: boolean
}

/**
 * Looking a person up by national identity number, before anything is known about them: every look-up is on record
 * (with the person found, if any), and a user gets at most `max` of this kind within `windowMs`.
 */
export type PersonLookup = { action: string; resourceType: string; max: number; windowMs: number }

export const TOO_MANY_LOOKUPS = 'Du har gjort for mange oppslag på kort tid. Vent litt og prøv igjen.'

export type RequireOptions = {
  /** The error a denial answers with; a plain 403 otherwise (a code never tells an outsider why). */
  refusal?: (code: DenyCode) => Error
}

/** Decisions inside one use case. */
export type UseCaseAccess = {
  /** Decides `request`; throws the refusal when denied (the use case then rolls back and the denial is logged). */
  require(request: ActionRequest, target: AccessTarget, options?: RequireOptions): Promise<AccessAllowed>
  /**
   * One more audit row for what an allowed request went on to do (e.g. the fullmakt it registered, with the written
   * reason), committed with the use case.
   */
  record(
    request: ActionRequest,
    decision: AccessAllowed,
    event: { action: string; resourceType: string; resourceId: string | null; reason: string | null; patientPersonId?: string | null },
  ): void
  /**
   * A person looked up by `find` under `lookup`'s limit (429 beyond it, before anyone is looked up). The row is kept
   * whatever becomes of the use case, as a denial is: a refused registration was a look-up all the same.
   */
  lookUp<T extends { id: string } | null>(request: ActionRequest, decision: AccessAllowed, lookup: PersonLookup, find: () => Promise<T>): Promise<T>
  /**
   * An allowed request whose resource is not there under the person it names (another person's thread in the URL):
   * logged as a refused attempt, with that person, though the caller hears only 404.
   */
  notFound(request: ActionRequest, target: AccessTarget): void
}

export type AccessGate = {
  /** One use case in one transaction; every access decision inside it goes through `access.require`. */
  within<T>(caller: Caller, work: (trx: Transaction<DB>, access: UseCaseAccess) => Promise<T>): Promise<T>
  /** A use case that is one decision, then the work. */
  run<T>(
    caller: Caller,
    request: ActionRequest,
    target: AccessTarget,
    work: (trx: Transaction<DB>, decision: AccessAllowed) => Promise<T>,
    options?: RequireOptions,
  ): Promise<T>
  /**
   * One decision on its own, for a step inside another module's use case (e.g. whether a client may send as the
   * document's sender HER-id). Opens no transaction when the decision needs no facts and leaves nothing to log.
   */
  check(caller: Caller, request: ActionRequest, target: AccessTarget, options?: RequireOptions): Promise<AccessAllowed>
  /** The facts the policy decides on, for a use case that must know more than yes or no (whom a citizen may act for). */
  facts(trx: Transaction<DB>, personIds: readonly string[], now: Date): Promise<AccessFacts>
  /** A transaction for work that needs no decision (background work, a use case whose access was decided earlier). */
  transaction<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T>
}

/** What a module's use cases are given: the gate and the clock. */
export type UseCaseDeps = { gate: AccessGate; now: () => Date }

export const NO_ACCESS = 'Du har ikke tilgang til denne ressursen.'

export function createAccessGate(deps: { db: Kysely<DB>; now: () => Date; loadFacts: AccessFactsLoader }): AccessGate {
  const { db } = deps

  /** A denial: what was asked did not happen, so its record gets a transaction of its own. */
  const recordDenial = (entry: AuditEntry) => db.transaction().execute((trx) => appendAudit(trx, entry))

  async function within<T>(caller: Caller, work: (trx: Transaction<DB>, access: UseCaseAccess) => Promise<T>): Promise<T> {
    // Denials, and look-ups: on record whatever becomes of the use case.
    const kept: AuditEntry[] = []
    try {
      return await db.transaction().execute(async (trx) => {
        // Appended at the end: the audit chain's head stays locked only while the use case commits. What a use case
        // recorded it did comes before the accesses that allowed it, as it always has.
        const recorded: AuditEntry[] = []
        const allowed: AuditEntry[] = []
        const access: UseCaseAccess = {
          async require(request, target, options) {
            const now = deps.now()
            const personIds = personIdsOf(caller.principal, request)
            const facts = personIds.length > 0 ? await deps.loadFacts(trx, personIds, now) : emptyFacts(now)
            const decision = decide({ actor: caller.principal.actor, ...request } as Parameters<typeof decide>[0], { ...facts, now })
            const entry = auditEntry(caller.principal, request, subjectOf(target), decision, caller.requestId, now)
            if (!decision.allowed) {
              kept.push(entry)
              throw options?.refusal?.(decision.code) ?? new AppError('forbidden', NO_ACCESS)
            }
            // Without personal information there is nothing to record.
            if ((target.patientPersonId || target.holdsPersonalData) && target.auditAllowed !== false) allowed.push(entry)
            return decision
          },
          record(request, decision, event) {
            const subject: AuditSubject = {
              resourceType: event.resourceType,
              resourceId: event.resourceId,
              patientPersonId: event.patientPersonId ?? null,
              action: event.action,
              reason: event.reason,
            }
            recorded.push(auditEntry(caller.principal, request, subject, decision, caller.requestId, deps.now()))
          },
          async lookUp(request, decision, lookup, find) {
            const now = deps.now()
            const actorId = actorIdOf(caller.principal)
            const pending = kept.filter((e) => e.action === lookup.action).length
            const recent = await countRecentActions(trx, actorId, lookup.action, new Date(now.getTime() - lookup.windowMs))
            if (recent + pending >= lookup.max) throw new AppError('rate-limited', TOO_MANY_LOOKUPS)
            const found = await find()
            const subject: AuditSubject = { resourceType: lookup.resourceType, resourceId: null, patientPersonId: found?.id ?? null, action: lookup.action }
            kept.push(auditEntry(caller.principal, request, subject, decision, caller.requestId, now))
            return found
          },
          notFound(request, target) {
            const refused: AccessDecision = { allowed: false, code: 'no-such-resource' }
            kept.push(auditEntry(caller.principal, request, subjectOf(target), refused, caller.requestId, deps.now()))
          },
        }
        const result = await work(trx, access)
        for (const entry of [...recorded, ...allowed]) await appendAudit(trx, entry)
        return result
      })
    } finally {
      // Whatever became of the use case, each refusal and look-up is on record.
      for (const entry of kept) await recordDenial(entry)
    }
  }

  async function check(caller: Caller, request: ActionRequest, target: AccessTarget, options?: RequireOptions): Promise<AccessAllowed> {
    const personal = Boolean(target.patientPersonId || target.holdsPersonalData)
    if (personal || personIdsOf(caller.principal, request).length > 0) {
      return within(caller, (_trx, access) => access.require(request, target, options))
    }
    const now = deps.now()
    const decision = decide({ actor: caller.principal.actor, ...request } as Parameters<typeof decide>[0], emptyFacts(now))
    if (decision.allowed) return decision
    await recordDenial(auditEntry(caller.principal, request, subjectOf(target), decision, caller.requestId, now))
    throw options?.refusal?.(decision.code) ?? new AppError('forbidden', NO_ACCESS)
  }

  return {
    within,
    check,
    facts: (trx, personIds, now) => deps.loadFacts(trx, personIds, now),
    run: (caller, request, target, work, options) =>
      within(caller, async (trx, access) => {
        const decision = await access.require(request, target, options)
        return work(trx, decision)
      }),
    transaction: (work) => db.transaction().execute(work),
  }
}

function subjectOf(target: AccessTarget): AuditSubject {
  return {
    resourceType: target.resourceType,
    resourceId: target.resourceId,
    patientPersonId: target.patientPersonId ?? null,
    ...(target.auditAction ? { action: target.auditAction } : {}),
  }
}

function actorIdOf(principal: Principal): string {
  const actor = principal.actor
  return actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId
}

function emptyFacts(now: Date): AccessFacts {
  return { now, persons: {}, parentalRelations: [], fullmakter: [], careRelations: [] }
}

/** The people whose facts decide: the citizen asking, and whoever the request is about. */
function personIdsOf(principal: Principal, request: ActionRequest): string[] {
  const ids = new Set<string>()
  if (principal.actor.kind === 'citizen') ids.add(principal.actor.personId)
  switch (request.action) {
    case 'citizen-data:read':
    case 'citizen-data:write':
    case 'own-affairs:read':
    case 'own-affairs:write':
      ids.add(request.subjectPersonId)
      break
    case 'patient-data:read':
    case 'patient-data:write':
      if (request.patientPersonId !== null) ids.add(request.patientPersonId)
      break
  }
  return [...ids]
}
