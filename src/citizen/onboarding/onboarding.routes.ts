/**
 * Municipality onboarding and termination (CIT-13, CIT-14) for the platform operator: terms, DPA, connection, EPJ
 * support, activation of digital services, and notice. A municipality's service_admin may also give (and withdraw)
 * the municipality's own notice. Everyone else is refused by the access policy.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely, Transaction } from 'kysely'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import type { ActionRequest } from '../../platform/access/access.types.ts'
import { withAccess } from '../../platform/access/authorize.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import { loadAccessFacts } from '../../registry/registry.repository.ts'
import { osloDate, osloMidnight, terminationEndsAt } from './notice-period.ts'
import {
  activateDigitalService,
  deactivateDigitalService,
  findMunicipalService,
  findPendingTerminationForUpdate,
  insertTermination,
  insertTermsAcceptance,
  insertTermsVersion,
  listAcceptances,
  listOnboardedMunicipalities,
  loadMunicipalities,
  loadTermsVersions,
  lockOnboarding,
  saveConnection,
  saveEpjSupport,
  withdrawTermination,
} from './onboarding.repository.ts'
import { activationRefusalDetail, activationRefusals, formatOsloDate, termsStanding } from './onboarding.rules.ts'
import {
  AcceptTermsBody,
  ActivationParams,
  ConnectionBody,
  EpjBody,
  MunicipalityParams,
  MunicipalitySchema,
  NoticeBody,
  PublishTermsBody,
  TerminationSchema,
  TermsVersionSchema,
} from './onboarding.schemas.ts'
import { type MunicipalityView, municipalityView, terminationView, termsVersionViews } from './onboarding.view.ts'
import { enqueueServiceEndingNotifications } from './service-ending-notifications.ts'

const TAGS = ['onboarding']
const MUNICIPALITY_NOT_FOUND = 'Kommunen finnes ikke.'

export async function onboardingRoutes(appBase: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const deps = { db: ctx.db, now: ctx.now, loadFacts: loadAccessFacts }

  /** The operator's gate: 'platform:administer', denied (and audit-logged) for everyone else. */
  function asOperator<T>(principal: Principal, req: FastifyRequest, resourceType: string, resourceId: string | null, work: (db: Kysely<DB>) => Promise<T>) {
    return withAccess(deps, principal, { action: 'platform:administer' }, { resourceType, resourceId, requestId: req.id }, work)
  }

  /**
   * Notice for a municipality: the operator, or staff of that municipality (the policy asks for service_admin to write
   * to the organisation). A system client is asked for 'platform:administer', which the policy never grants it: a
   * notice is a person's decision.
   */
  function asOperatorOrMunicipalityAdmin<T>(principal: Principal, req: FastifyRequest, organisationId: string, work: (db: Kysely<DB>) => Promise<T>) {
    const request: ActionRequest =
      principal.actor.kind === 'staff' ? { action: 'organisation-resource:write', organisationId } : { action: 'platform:administer' }
    return withAccess(deps, principal, request, { resourceType: 'municipality-termination', resourceId: organisationId, requestId: req.id }, work)
  }

  async function viewOf(db: Kysely<DB>, organisationId: string, now: Date): Promise<MunicipalityView> {
    const [municipality] = await loadMunicipalities(db, organisationId)
    if (!municipality) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
    return municipalityView(municipality, await loadTermsVersions(db), now)
  }

  /** Runs `work` in a transaction holding the municipality's onboarding row; 409 when it has none. */
  async function withOnboarding<T>(db: Kysely<DB>, organisationId: string, missing: string, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      if (!(await lockOnboarding(trx, organisationId))) {
        if (!(await isMunicipality(trx, organisationId))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        throw new AppError('conflict', missing)
      }
      return work(trx)
    })
  }

  const staffIdOf = (principal: Principal): string => {
    const actor = principal.actor
    if (actor.kind === 'operator' || actor.kind === 'staff') return actor.staffId
    throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  app.get(
    '/api/onboarding/municipalities',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: every municipality with its terms, DPA, connection, EPJ support, activated services and any termination',
        response: { 200: z.object({ items: z.array(MunicipalitySchema) }) },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return asOperator(principal, req, 'municipality-onboarding', null, async (db) => {
        const now = ctx.now()
        const [municipalities, versions] = await Promise.all([loadMunicipalities(db), loadTermsVersions(db)])
        return { items: municipalities.map((m) => municipalityView(m, versions, now)) }
      })
    },
  )

  app.get(
    '/api/onboarding/municipalities/:id',
    {
      schema: { tags: TAGS, summary: 'Operator: one municipality’s onboarding', params: MunicipalityParams, response: { 200: MunicipalitySchema } },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return asOperator(principal, req, 'municipality-onboarding', req.params.id, (db) => viewOf(db, req.params.id, ctx.now()))
    },
  )

  // ---------------------------------------------------------------------------------------------------------------
  // Connection, EPJ, terms

  app.put(
    '/api/onboarding/municipalities/:id/connection',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: record the connection order, DigiFin membership, connection fee and whether a DPA is needed',
        params: MunicipalityParams,
        body: ConnectionBody,
        response: { 200: MunicipalitySchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return asOperator(principal, req, 'municipality-onboarding', req.params.id, async (db) => {
        const now = ctx.now()
        const body = req.body
        const orderedAt = pastDate(body.orderedOn, now, 'body.orderedOn')
        const connectedAt = body.connectedOn === null ? null : pastDate(body.connectedOn, now, 'body.connectedOn')
        if (connectedAt && connectedAt.getTime() < orderedAt.getTime()) {
          throw new AppError('validation-failed', 'Tilkoblet-datoen kan ikke være før bestillingsdatoen.', [
            { path: 'body.connectedOn', message: 'før bestillingsdatoen' },
          ])
        }
        return db.transaction().execute(async (trx) => {
          if (!(await isMunicipality(trx, req.params.id))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
          await saveConnection(trx, req.params.id, {
            connectionOrderedAt: orderedAt,
            connectedAt,
            digifinMember: body.digifinMember,
            connectionFeeNok: body.connectionFeeNok,
            dpaRequired: body.dpaRequired,
          })
          return viewOf(trx, req.params.id, now)
        })
      })
    },
  )

  app.put(
    '/api/onboarding/municipalities/:id/epj',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: record the municipality’s EPJ product and the digital services it supports',
        params: MunicipalityParams,
        body: EpjBody,
        response: { 200: MunicipalitySchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return asOperator(principal, req, 'municipality-onboarding', req.params.id, (db) =>
        withOnboarding(db, req.params.id, 'Kommunen har ikke bestilt tilkobling. Registrer tilkoblingen først.', async (trx) => {
          await saveEpjSupport(trx, req.params.id, { product: req.body.product, supportedServices: [...new Set(req.body.supportedServices)] })
          return viewOf(trx, req.params.id, ctx.now())
        }),
      )
    },
  )

  app.post(
    '/api/onboarding/municipalities/:id/terms-acceptances',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: record that the municipality accepted a terms version (general, special or DPA), and who accepted',
        params: MunicipalityParams,
        body: AcceptTermsBody,
        response: { 201: MunicipalitySchema },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const view = await asOperator(principal, req, 'terms-acceptance', req.params.id, (db) =>
        withOnboarding(db, req.params.id, 'Kommunen har ikke bestilt tilkobling. Registrer tilkoblingen først.', async (trx) => {
          const now = ctx.now()
          const version = (await loadTermsVersions(trx)).find((v) => v.id === req.body.termsVersionId)
          if (!version) throw new AppError('not-found', 'Vilkårsversjonen finnes ikke.')
          let acceptedAt = now
          if (req.body.acceptedOn !== undefined && req.body.acceptedOn !== osloDate(now)) {
            acceptedAt = pastDate(req.body.acceptedOn, now, 'body.acceptedOn')
            if (req.body.acceptedOn < osloDate(version.publishedAt)) {
              throw new AppError('validation-failed', 'En versjon kan ikke være akseptert før den ble publisert.', [
                { path: 'body.acceptedOn', message: 'før publiseringen' },
              ])
            }
          }
          const added = await insertTermsAcceptance(trx, {
            organisationId: req.params.id,
            termsVersionId: version.id,
            acceptedAt,
            acceptedByName: req.body.acceptedByName,
          })
          if (!added) throw new AppError('conflict', 'Kommunen har allerede akseptert denne versjonen.')
          return viewOf(trx, req.params.id, now)
        }),
      )
      return reply.code(201).send(view)
    },
  )

  app.get(
    '/api/onboarding/terms-versions',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: every terms version (current, upcoming, superseded) and which municipalities have not accepted it',
        response: { 200: z.object({ items: z.array(TermsVersionSchema) }) },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      return asOperator(principal, req, 'terms-version', null, async (db) => ({ items: await termsVersionList(db, ctx.now()) }))
    },
  )

  app.post(
    '/api/onboarding/terms-versions',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: publish a new terms version; it takes effect on a future date, so municipalities are told first',
        body: PublishTermsBody,
        response: { 201: TermsVersionSchema },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const created = await asOperator(principal, req, 'terms-version', null, (db) =>
        db.transaction().execute(async (trx) => {
          const now = ctx.now()
          const body = req.body
          const effectiveFrom = osloMidnight(body.effectiveOn)
          if (!effectiveFrom) throw new AppError('validation-failed', 'Datoen finnes ikke.', [{ path: 'body.effectiveOn', message: 'ugyldig dato' }])
          if (effectiveFrom.getTime() <= now.getTime()) {
            throw new AppError('validation-failed', 'Nye vilkår må tre i kraft en senere dag, slik at kommunene får beskjed før de gjelder.', [
              { path: 'body.effectiveOn', message: 'må være etter i dag' },
            ])
          }
          const digitalService = body.document === 'special' ? (body.digitalService ?? null) : null
          const versions = await loadTermsVersions(trx)
          if (versions.some((v) => v.document === body.document && v.digitalService === digitalService && v.version === body.version)) {
            throw new AppError('conflict', `Versjon ${body.version} av dette dokumentet finnes allerede.`)
          }
          const id = await insertTermsVersion(trx, {
            document: body.document,
            digitalService,
            version: body.version,
            title: body.title,
            changeLog: body.changeLog,
            publishedAt: now,
            effectiveFrom,
          })
          if (!id) throw new AppError('conflict', `Det finnes allerede en versjon ${body.version} med denne tittelen.`)
          const item = (await termsVersionList(trx, now)).find((v) => v.id === id)
          if (!item) throw new Error('the published version is missing')
          return item
        }),
      )
      return reply.code(201).send(created)
    },
  )

  // ---------------------------------------------------------------------------------------------------------------
  // Activation

  const activationPath = '/api/onboarding/municipalities/:id/services/:serviceId/digital-services/:digitalService'

  app.put(
    activationPath,
    {
      schema: {
        tags: TAGS,
        summary:
          'Operator: activate a digital service for one of the municipality’s services (409 while the EPJ, the terms, the DPA or the agreement do not allow it)',
        params: ActivationParams,
        response: { 200: MunicipalitySchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { id, serviceId, digitalService } = req.params
      return asOperator(principal, req, 'digital-service-activation', serviceId, (db) =>
        db.transaction().execute(async (trx) => {
          const now = ctx.now()
          await lockOnboarding(trx, id)
          const [municipality] = await loadMunicipalities(trx, id)
          if (!municipality) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
          if (!(await findMunicipalService(trx, id, serviceId))) throw new AppError('not-found', 'Tjenesten finnes ikke i denne kommunen.')
          const versions = await loadTermsVersions(trx)
          const standing = (key: Parameters<typeof termsStanding>[2]) => termsStanding(versions, municipality.acceptances, key, now)
          const refusals = activationRefusals({
            digitalService,
            onboarding: municipality.onboarding,
            general: standing({ document: 'general' }),
            special: standing({ document: 'special', digitalService }),
            dpa: standing({ document: 'dpa' }),
            terminationEndsAt: municipality.termination?.endsAt ?? null,
            now,
          })
          if (refusals.length > 0) {
            throw new AppError(
              'conflict',
              activationRefusalDetail(refusals),
              refusals.map((r) => ({ path: 'activation', message: r.code })),
            )
          }
          await activateDigitalService(trx, { organisationId: id, serviceId, digitalService, staffId: staffIdOf(principal), now })
          return viewOf(trx, id, now)
        }),
      )
    },
  )

  app.delete(
    activationPath,
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: deactivate a digital service for one of the municipality’s services (citizens can no longer start using it)',
        params: ActivationParams,
        response: { 200: MunicipalitySchema },
      },
    },
    async (req) => {
      const principal = await ctx.auth.require(req)
      const { id, serviceId, digitalService } = req.params
      return asOperator(principal, req, 'digital-service-activation', serviceId, (db) =>
        db.transaction().execute(async (trx) => {
          if (!(await isMunicipality(trx, id))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
          if (!(await findMunicipalService(trx, id, serviceId))) throw new AppError('not-found', 'Tjenesten finnes ikke i denne kommunen.')
          const now = ctx.now()
          await deactivateDigitalService(trx, serviceId, digitalService, now)
          return viewOf(trx, id, now)
        }),
      )
    },
  )

  // ---------------------------------------------------------------------------------------------------------------
  // Termination

  app.post(
    '/api/onboarding/municipalities/:id/termination',
    {
      schema: {
        tags: TAGS,
        summary: 'Give notice: the municipality (one month) or the operator (six months); citizens who use its digital services are told',
        params: MunicipalityParams,
        body: NoticeBody,
        response: { 201: z.object({ termination: TerminationSchema, notifiedPeople: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { id } = req.params
      const result = await asOperatorOrMunicipalityAdmin(principal, req, id, (db) => {
        const initiatedBy = principal.actor.kind === 'operator' ? req.body.initiatedBy : (req.body.initiatedBy ?? 'municipality')
        if (!initiatedBy)
          throw new AppError('validation-failed', 'Oppgi hvem som sier opp: kommunen eller plattformforvalteren.', [
            { path: 'body.initiatedBy', message: 'påkrevd' },
          ])
        if (principal.actor.kind !== 'operator' && initiatedBy !== 'municipality') {
          throw new AppError('forbidden', 'Bare plattformforvalteren kan si opp avtalen på plattformens vegne.')
        }
        return withOnboarding(db, id, 'Kommunen har ingen avtale å si opp.', async (trx) => {
          const now = ctx.now()
          const pending = await findPendingTerminationForUpdate(trx, id)
          if (pending) {
            throw new AppError(
              'conflict',
              pending.endsAt.getTime() <= now.getTime()
                ? `Avtalen ble avsluttet ${formatOsloDate(pending.endsAt)}.`
                : `Avtalen er allerede sagt opp og avsluttes ${formatOsloDate(pending.endsAt)}.`,
            )
          }
          const endsAt = terminationEndsAt(now, initiatedBy)
          const terminationId = await insertTermination(trx, {
            organisationId: id,
            initiatedBy,
            noticeGivenAt: now,
            endsAt,
            reason: req.body.reason || null,
            staffId: staffIdOf(principal),
          })
          const organisation = await trx.selectFrom('organisation').select('name').where('id', '=', id).executeTakeFirstOrThrow()
          const notifiedPeople = await enqueueServiceEndingNotifications(trx, { organisationId: id, organisationName: organisation.name, terminationId, now })
          const [municipality] = await loadMunicipalities(trx, id)
          if (!municipality?.termination) throw new Error('the new termination is missing')
          return { termination: terminationView(municipality.termination, now), notifiedPeople }
        })
      })
      return reply.code(201).send(result)
    },
  )

  app.delete(
    '/api/onboarding/municipalities/:id/termination',
    {
      schema: {
        tags: TAGS,
        summary: 'Withdraw a notice before its end date (the municipality only its own notice; the operator any)',
        params: MunicipalityParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const principal = await ctx.auth.require(req)
      const { id } = req.params
      await asOperatorOrMunicipalityAdmin(principal, req, id, (db) =>
        withOnboarding(db, id, 'Kommunen har ingen oppsigelse å trekke.', async (trx) => {
          const now = ctx.now()
          const pending = await findPendingTerminationForUpdate(trx, id)
          if (!pending) throw new AppError('not-found', 'Kommunen har ingen oppsigelse å trekke.')
          if (principal.actor.kind !== 'operator' && pending.initiatedBy !== 'municipality') {
            throw new AppError('forbidden', 'Bare plattformforvalteren kan trekke en oppsigelse fra plattformforvalteren.')
          }
          if (pending.endsAt.getTime() <= now.getTime()) {
            throw new AppError('conflict', `Oppsigelsen kan ikke trekkes etter sluttdatoen (${formatOsloDate(pending.endsAt)}).`)
          }
          await withdrawTermination(trx, pending.id, now)
        }),
      )
      return reply.code(204).send(null)
    },
  )
}

async function isMunicipality(db: Kysely<DB>, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('organisation').select('id').where('id', '=', organisationId).where('kind', '=', 'municipality').executeTakeFirst()
  return row !== undefined
}

async function termsVersionList(db: Kysely<DB>, now: Date) {
  const [versions, municipalities, acceptances] = await Promise.all([loadTermsVersions(db), listOnboardedMunicipalities(db, now), listAcceptances(db)])
  return termsVersionViews(versions, municipalities, acceptances, now)
}

/** 00:00 Oslo on a date that is today or earlier; a 422 naming `path` otherwise. */
function pastDate(date: string, now: Date, path: string): Date {
  const instant = osloMidnight(date)
  if (!instant) throw new AppError('validation-failed', 'Datoen finnes ikke.', [{ path, message: 'ugyldig dato' }])
  if (date > osloDate(now)) throw new AppError('validation-failed', 'Datoen kan ikke være fram i tid.', [{ path, message: 'fram i tid' }])
  return instant
}
