/**
 * The service's answer templates: staff of the service (health personnel acting for it) list, create, change and
 * delete them, and pick one to fill the answer field. They hold no patient data, so only refusals are audit-logged.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findServiceById, findStaffByIds } from '../../registry/index.ts'
import type { AnswerTemplate, AnswerTemplateList, TemplateBody } from './staff-thread-work.schemas.ts'
import { type AnswerTemplateRow, deleteTemplate, findTemplateByTitle, insertTemplate, listTemplates, updateTemplate } from './thread-work.repository.ts'

const OTHER_SERVICE = 'Du har ikke tilgang til meldingene til denne tjenesten.'
const NOT_FOUND = 'Malen finnes ikke.'
const TITLE_TAKEN = 'Tjenesten har allerede en mal med denne tittelen.'

export function createAnswerTemplates(deps: UseCaseDeps) {
  /** The service's own staff, in its inbox; returns who they are. */
  async function ofService(trx: Transaction<DB>, access: UseCaseAccess, caller: Caller, serviceId: string, operation: 'read' | 'write', id: string | null) {
    const service = await findServiceById(trx, serviceId)
    await access.require(
      { action: `service-inbox:${operation}`, serviceId, organisationId: service?.organisationId ?? null },
      { resourceType: 'answer-template', resourceId: id },
      { refusal: () => new AppError('forbidden', OTHER_SERVICE) },
    )
    const actor = caller.principal.actor
    if (!service || actor.kind !== 'staff') throw new AppError('forbidden', OTHER_SERVICE)
    return actor.staffId
  }

  async function views(trx: Transaction<DB>, rows: readonly AnswerTemplateRow[]): Promise<AnswerTemplate[]> {
    const names = await findStaffByIds(
      trx,
      rows.map((r) => r.updatedByStaffId),
    )
    return rows.map((r) => {
      const by = names.get(r.updatedByStaffId)
      return { id: r.id, title: r.title, body: r.body, updatedAt: r.updatedAt.toISOString(), updatedByName: by ? `${by.givenName} ${by.familyName}` : '' }
    })
  }

  async function one(trx: Transaction<DB>, row: AnswerTemplateRow): Promise<AnswerTemplate> {
    const [view] = await views(trx, [row])
    if (!view) throw new AppError('not-found', NOT_FOUND)
    return view
  }

  return {
    list(caller: Caller, serviceId: string): Promise<AnswerTemplateList> {
      return deps.gate.within(caller, async (trx, access) => {
        await ofService(trx, access, caller, serviceId, 'read', null)
        return { items: await views(trx, await listTemplates(trx, serviceId)) }
      })
    },

    create(caller: Caller, serviceId: string, body: TemplateBody): Promise<AnswerTemplate> {
      return deps.gate.within(caller, async (trx, access) => {
        const staffId = await ofService(trx, access, caller, serviceId, 'write', null)
        const row = await insertTemplate(trx, { serviceId, title: body.title, body: body.body, staffId, now: deps.now() })
        if (!row) throw new AppError('conflict', TITLE_TAKEN)
        return one(trx, row)
      })
    },

    update(caller: Caller, params: { serviceId: string; templateId: string }, body: TemplateBody): Promise<AnswerTemplate> {
      return deps.gate.within(caller, async (trx, access) => {
        const staffId = await ofService(trx, access, caller, params.serviceId, 'write', params.templateId)
        const same = await findTemplateByTitle(trx, params.serviceId, body.title)
        if (same && same.id !== params.templateId) throw new AppError('conflict', TITLE_TAKEN)
        const row = await updateTemplate(trx, {
          serviceId: params.serviceId,
          id: params.templateId,
          title: body.title,
          body: body.body,
          staffId,
          now: deps.now(),
        })
        if (!row) throw new AppError('not-found', NOT_FOUND)
        return one(trx, row)
      })
    },

    remove(caller: Caller, params: { serviceId: string; templateId: string }): Promise<void> {
      return deps.gate.within(caller, async (trx, access) => {
        await ofService(trx, access, caller, params.serviceId, 'write', params.templateId)
        if (!(await deleteTemplate(trx, params.serviceId, params.templateId))) throw new AppError('not-found', NOT_FOUND)
      })
    },
  }
}
