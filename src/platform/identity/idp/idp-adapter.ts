import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { findActiveSystemClient } from '../system-clients.ts'

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number }

/**
 * oidc-provider's storage on our database, so that any process can continue a login and
 * tokens survive restarts. Clients that are not the portals are system clients from the registry.
 */
export function idpAdapterFactory(db: Kysely<DB>, secretKey: string, systemClientScopes: () => string) {
  return class IdpAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresAt,
      }
      await db
        .insertInto('idp_payload')
        .values(row)
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ ...row }))
        .execute()
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return findClient(id)
      return this.findBy('id', id)
    }

    findByUid(uid: string) {
      return this.findBy('uid', uid)
    }

    findByUserCode(userCode: string) {
      return this.findBy('user_code', userCode)
    }

    async consume(id: string): Promise<void> {
      await db.updateTable('idp_payload').set({ consumed_at: new Date() }).where('model', '=', this.model).where('id', '=', id).execute()
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('idp_payload').where('model', '=', this.model).where('id', '=', id).execute()
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('idp_payload').where('grant_id', '=', grantId).execute()
    }

    private async findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      const row = await db
        .selectFrom('idp_payload')
        .select(['payload', 'consumed_at', 'expires_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst()
      if (!row || (row.expires_at && row.expires_at.getTime() < Date.now())) return undefined
      const payload = row.payload as Payload
      return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload
    }
  }

  async function findClient(clientId: string): Promise<Payload | undefined> {
    const client = await findActiveSystemClient(db, secretKey, clientId)
    if (!client) return undefined
    // HelseID-style clients prove themselves with a JWT signed by a key in their public JWKS.
    const authentication = client.jwks
      ? { token_endpoint_auth_method: 'private_key_jwt', jwks: client.jwks }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: client.clientSecret }
    return {
      client_id: client.clientId,
      ...authentication,
      client_name: client.name,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: client.scopes.filter((s) => systemClientScopes().split(' ').includes(s)).join(' '),
      organisation_number: client.organisationNumber,
    }
  }
}
