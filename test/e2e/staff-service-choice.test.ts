import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

// Staff in two services (Anders Aas: SiV medisinsk avdeling and the legevakt) choose where they act.

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
}, 60_000)

afterAll(async () => {
  await t?.close()
})

async function me(cookie: string) {
  const response = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })
  return response.json() as { service: { id: string } | null; organisation: { name: string } | null; memberships: { serviceId: string }[] }
}

describe('PUT /api/me/service', () => {
  it('lists every active membership and switches the service, and with it the organisation', async () => {
    const session = await t.staffSession(DEMO.staff.andersAas.id, DEMO.services.sivMedisinsk.id)
    const before = await me(session.cookie)
    expect(before.memberships.map((m) => m.serviceId).sort()).toEqual([DEMO.services.legevakt.id, DEMO.services.sivMedisinsk.id].sort())
    expect(before.organisation?.name).toBe('Sykehuset i Vestfold HF')

    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/me/service',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: { serviceId: DEMO.services.legevakt.id },
    })
    expect(response.statusCode).toBe(204)
    const after = await me(session.cookie)
    expect(after.service?.id).toBe(DEMO.services.legevakt.id)
    expect(after.organisation?.name).toBe('Tønsberg interkommunale legevakt')
  })

  it('refuses a service the person is not a member of', async () => {
    const session = await t.staffSession(DEMO.staff.liseLund.id, DEMO.services.tonsbergHjemmesykepleie.id)
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/me/service',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: { serviceId: DEMO.services.sivMedisinsk.id },
    })
    expect(response.statusCode).toBe(403)
    expect((await me(session.cookie)).service?.id).toBe(DEMO.services.tonsbergHjemmesykepleie.id)
  })

  it.each([
    ['no CSRF token', {}, 403],
    ['a wrong CSRF token', { 'x-csrf-token': 'wrong' }, 403],
  ])('refuses a switch with %s', async (_label, headers, status) => {
    const session = await t.staffSession(DEMO.staff.andersAas.id, DEMO.services.sivMedisinsk.id)
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/me/service',
      headers: { cookie: session.cookie, ...headers },
      payload: { serviceId: DEMO.services.legevakt.id },
    })
    expect(response.statusCode).toBe(status)
    expect((await me(session.cookie)).service?.id).toBe(DEMO.services.sivMedisinsk.id)
  })

  it('refuses citizens and a malformed service id', async () => {
    const citizen = await t.citizenSession(DEMO.people.kariNordmann.id)
    const asCitizen = await t.app.inject({
      method: 'PUT',
      url: '/api/me/service',
      headers: { cookie: citizen.cookie, 'x-csrf-token': citizen.csrf },
      payload: { serviceId: DEMO.services.legevakt.id },
    })
    expect(asCitizen.statusCode).toBe(403)
    const staff = await t.staffSession(DEMO.staff.andersAas.id, DEMO.services.sivMedisinsk.id)
    const malformed = await t.app.inject({
      method: 'PUT',
      url: '/api/me/service',
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf },
      payload: { serviceId: "x' OR 1=1 --" },
    })
    expect(malformed.statusCode).toBe(422)
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/)
  })
})
