import { TokenRotationService } from '../../src/oauth/security/token-rotation.service';
import { OAuthSecurityService, TokenDecryptError } from '../../src/oauth/security/oauth-security.service';
import { LogCapture, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { itWith } from '../support/requirements';
import { connectWorkspace, dataSourceOf, newKey, newPerson, startConnect, startOAuthWorld, type OAuthWorld } from './support/oauth-world';
import { dumpDatabase, dumpRedis } from '../support/dumps';

const TTL_SECONDS = 3600;

async function integrationStatus(t: TestApp, id: string): Promise<string> {
  return (await dataSourceOf(t).query(`SELECT status FROM oauth_integrations WHERE id = $1`, [id]))[0].status;
}

describe('Tokens at rest', () => {
  let world: OAuthWorld;
  let t: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    world = await startOAuthWorld({ accessTokenTtlSeconds: TTL_SECONDS });
    t = await world.boot({ LOG_LEVEL: 'trace' }, { logs });
  });
  afterAll(() => world.close());

  /**
   * Uses the vault the ways that write tokens (connect, refresh, disconnect) and leaves a connect pending:
   * the tokens the sandbox ever issued and the pending state are what no dump may show.
   */
  async function tokensAndStateAtWork(): Promise<{ issued: string[]; state: string }> {
    const person = await newPerson(t, world, 'dump');
    const id = await connectWorkspace(t, world, person);
    world.sandbox.control.advanceClock((TTL_SECONDS + 1) * 1000);
    await t.http().get(`/integrations/${id}/status`).set(...bearer(person.token)).expect(200);
    const other = await newPerson(t, world, 'dump-disconnected');
    const otherId = await connectWorkspace(t, world, other);
    await t.http().delete(`/integrations/${otherId}`).set(...bearer(other.token)).expect(204);
    const pending = await startConnect(t, person);
    const issued = Object.values(world.sandbox.control.exportState().tokens).map((r) => r.token);
    expect(issued.length).toBeGreaterThanOrEqual(6);
    return { issued, state: pending.searchParams.get('state') as string };
  }

  it('a dump of every table and the logs holds no access or refresh token, and no pending state', async () => {
    const { issued, state } = await tokensAndStateAtWork();
    const everything = [await dumpDatabase(dataSourceOf(t)), logs.text].join('\n');
    expect(everything).toContain('v1.'); // the ciphertexts are there
    for (const token of issued) expect(everything).not.toContain(token);
    expect(everything).not.toContain(state);
  });

  // Without Redis the pending states and sessions live in memory and the database (dumped above).
  itWith('redis', 'a dump of every Redis key holds no access or refresh token, and no pending state', async () => {
    const { issued, state } = await tokensAndStateAtWork();
    const keys = await dumpRedis(t.config.redis.url as string, t.config.redis.keyPrefix);
    expect(keys).not.toBe('');
    for (const token of issued) expect(keys).not.toContain(token);
    expect(keys).not.toContain(state);
  });

  it('a ciphertext moved to another row does not decrypt: decrypt_failed audited, needs_reauth, the source row unharmed', async () => {
    const victim = await newPerson(t, world, 'moved-from');
    const thief = await newPerson(t, world, 'moved-to');
    const victimId = await connectWorkspace(t, world, victim);
    const thiefId = await connectWorkspace(t, world, thief);
    await dataSourceOf(t).query(
      `UPDATE oauth_integrations AS dst SET access_token_enc = src.access_token_enc, refresh_token_enc = src.refresh_token_enc
         FROM oauth_integrations AS src WHERE src.id = $1 AND dst.id = $2`,
      [victimId, thiefId],
    );
    const res = await t.http().get(`/integrations/${thiefId}/status`).set(...bearer(thief.token));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOTION_REAUTH_REQUIRED');
    expect(await integrationStatus(t, thiefId)).toBe('needs_reauth');
    const audit = await t.http().get(`/integrations/${thiefId}/audit`).set(...bearer(thief.token)).expect(200);
    expect(audit.body.items.map((e: { action: string; reason: string | null }) => `${e.action}:${e.reason}`)).toEqual([
      'reauth_required:authentication_failed',
      'decrypt_failed:authentication_failed',
      'connect:null',
    ]);
    await t.http().get(`/integrations/${victimId}/status`).set(...bearer(victim.token)).expect(200);
    // Disconnecting still works (nothing to revoke that decrypts) and forgets the foreign ciphertext.
    await t.http().delete(`/integrations/${thiefId}`).set(...bearer(thief.token)).expect(204);
    expect(await integrationStatus(t, thiefId)).toBe('revoked');
  });

  it('key rotation end to end: old key decrypts until rotation ran, then can be removed; rotation is idempotent and resumable', async () => {
    const person = await newPerson(t, world, 'rotation');
    const ids = [await connectWorkspace(t, world, person)];
    for (const name of ['Second', 'Third']) {
      const ws = world.sandbox.control.createWorkspace({ name, memberIds: [person.personId] });
      const page = world.sandbox.control.seedPage({ workspaceId: ws.id, title: name, createdBy: person.personId });
      ids.push(await connectWorkspace(t, world, person, { workspaceId: ws.id, pageId: String(page.id) }));
    }
    const oldKeys = world.env.TOKEN_ENCRYPTION_KEYS;
    const k2 = newKey('k2');
    const countUnder = async (kid: string): Promise<number> =>
      (await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM oauth_integrations WHERE key_id = $1`, [kid]))[0].n;

    // New key first in the list: new writes use it, old rows still decrypt.
    const both = await world.boot({ TOKEN_ENCRYPTION_KEYS: `${k2.entry},${oldKeys}` });
    // (A session per instance: without Redis, each instance keeps its own.)
    await both.http().get(`/integrations/${ids[0]}/status`).set(...bearer((await login(both, person.email)).token)).expect(200);

    // Without the old key, an unrotated row does not decrypt (checked without touching its status).
    const onlyNew = await world.boot({ TOKEN_ENCRYPTION_KEYS: k2.entry });
    const row = (await dataSourceOf(t).query(`SELECT * FROM oauth_integrations WHERE id = $1`, [ids[1]]))[0];
    expect(row.key_id).toBe(world.kid);
    expect(() =>
      onlyNew.app.get(OAuthSecurityService).decrypt(row.access_token_enc, { integrationId: row.id, userId: row.user_id, field: 'access' }),
    ).toThrow(TokenDecryptError);

    // (Rows of other test files running on the same database sit under other kids: they count as failures.)
    // Built as scripts/rotate-tokens.ts builds it: rotation is an operator's command, not a service of the app.
    const rotation = new TokenRotationService(dataSourceOf(both), both.app.get(OAuthSecurityService));
    const before = await countUnder(world.kid);
    expect(before).toBeGreaterThanOrEqual(3);
    // Interrupted right after the first batch that rotated a row...
    await expect(
      rotation.rotate({
        batchSize: 1,
        onProgress: (p) => {
          if (p.rotated > 0) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(await countUnder(world.kid)).toBe(before - 1);
    // ...and resumed: the rest, and only the rest.
    const resumed = await rotation.rotate({ batchSize: 2 });
    expect(resumed.rotated).toBe(before - 1);
    expect(await countUnder(world.kid)).toBe(0);
    expect(await countUnder(k2.kid)).toBeGreaterThanOrEqual(before);
    expect((await rotation.rotate()).rotated).toBe(0);

    const onOnlyNew = await login(onlyNew, person.email);
    for (const id of ids) await onlyNew.http().get(`/integrations/${id}/status`).set(...bearer(onOnlyNew.token)).expect(200);
  });
});
