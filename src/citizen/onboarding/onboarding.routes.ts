/** Municipality onboarding and termination over HTTP: parse, one use case, answer. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { callerOf, type FastifyInstance, type RouteContext } from '../../platform/http/route-context.ts'
import {
  AcceptTermsBody,
  ActivationParams,
  ConnectionBody,
  EpjBody,
  MunicipalityListSchema,
  MunicipalityParams,
  MunicipalitySchema,
  NoticeBody,
  NoticeGivenSchema,
  NoticePreviewSchema,
  PublishTermsBody,
  TermsVersionListSchema,
  TermsVersionSchema,
} from './onboarding.schemas.ts'
import { createOnboarding } from './onboarding.service.ts'

const TAGS = ['onboarding']

export async function onboardingRoutes(appBase: FastifyInstance, { ctx }: { ctx: RouteContext }) {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const onboarding = createOnboarding(ctx)
  const caller = (req: Parameters<typeof callerOf>[1]) => callerOf(ctx, req)

  app.get(
    '/api/onboarding/municipalities',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: every municipality with its terms, DPA, connection, EPJ support, activated services and any termination',
        response: { 200: MunicipalityListSchema },
      },
    },
    async (req) => onboarding.municipalities(await caller(req)),
  )

  app.get(
    '/api/onboarding/municipalities/:id',
    {
      schema: { tags: TAGS, summary: 'Operator: one municipality’s onboarding', params: MunicipalityParams, response: { 200: MunicipalitySchema } },
    },
    async (req) => onboarding.municipality(await caller(req), req.params.id),
  )

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
    async (req) => onboarding.recordConnection(await caller(req), req.params.id, req.body),
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
    async (req) => onboarding.recordEpj(await caller(req), req.params.id, req.body),
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
    async (req, reply) => reply.code(201).send(await onboarding.acceptTerms(await caller(req), req.params.id, req.body)),
  )

  app.get(
    '/api/onboarding/terms-versions',
    {
      schema: {
        tags: TAGS,
        summary: 'Operator: every terms version (current, upcoming, superseded) and which municipalities have not accepted it',
        response: { 200: TermsVersionListSchema },
      },
    },
    async (req) => onboarding.termsVersions(await caller(req)),
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
    async (req, reply) => reply.code(201).send(await onboarding.publishTerms(await caller(req), req.body)),
  )

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
    async (req) => onboarding.activate(await caller(req), req.params),
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
    async (req) => onboarding.deactivate(await caller(req), req.params),
  )

  app.get(
    '/api/onboarding/municipalities/:id/termination-preview',
    {
      schema: {
        tags: TAGS,
        summary:
          'What a notice given now would do, to confirm it first: the end date for each party, the services that stop, and how many citizens are told (changes nothing)',
        params: MunicipalityParams,
        response: { 200: NoticePreviewSchema },
      },
    },
    async (req) => onboarding.noticePreview(await caller(req), req.params.id),
  )

  app.post(
    '/api/onboarding/municipalities/:id/termination',
    {
      schema: {
        tags: TAGS,
        summary: 'Give notice: the municipality (one month) or the operator (six months); citizens who use its digital services are told',
        params: MunicipalityParams,
        body: NoticeBody,
        response: { 201: NoticeGivenSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await onboarding.giveNotice(await caller(req), req.params.id, req.body)),
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
      await onboarding.withdrawNotice(await caller(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
