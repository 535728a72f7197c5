import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { LockedWorkspaces } from '../../src/notion/workspace/notion-workspaces.repository';
import { testConfig } from '../support/test-config';

/**
 * The claims that make each Notion creation of the workspace manager happen once, on the run's database
 * (real PostgreSQL, or the embedded one): the primary key is the arbiter, with no lock involved.
 */
describe('Notion provisioning claims', () => {
  let db: DataSource;
  let claims: LockedWorkspaces;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(testConfig().database.url as string, 2)).initialize();
    claims = new LockedWorkspaces(db.manager);
  });
  afterAll(() => db.destroy());

  async function integration(): Promise<string> {
    const userId = randomUUID();
    const id = randomUUID();
    await db.query(`INSERT INTO users (id, email, email_normalized, display_name, password_hash) VALUES ($1, $2, $2, 'Claims', 'x')`, [userId, `${userId}@example.test`]);
    await db.query(
      `INSERT INTO oauth_integrations (id, user_id, provider, bot_id, workspace_id, status, connected_at) VALUES ($1, $2, 'notion', $3, 'w', 'active', now())`,
      [id, userId, randomUUID()],
    );
    return id;
  }

  const ids = (integrationId: string, rootPageId: string, databaseId: string) => ({
    integrationId,
    rootPageId,
    rootPageUrl: 'http://notion.test/root',
    databaseId,
    databaseUrl: 'http://notion.test/db',
    dataSourceId: randomUUID(),
    propertyIds: {},
  });

  it('lets one attempt of many claim a step, even all at once on one connection pool', async () => {
    const integrationId = await integration();
    const attempts = Array.from({ length: 8 }, () => randomUUID());
    const won = await Promise.all(attempts.map((attempt) => claims.claim(integrationId, 'root:none', attempt)));
    expect(won.filter(Boolean)).toHaveLength(1);
    // Another step, or another integration, is a claim of its own.
    expect(await claims.claim(integrationId, 'database:r1:none', attempts[1])).toBe(true);
    expect(await claims.claim(await integration(), 'root:none', attempts[2])).toBe(true);
  });

  it('keeps a finished claim while the stored workspace holds what it created, and frees it once it does not', async () => {
    const integrationId = await integration();
    const [first, second] = [randomUUID(), randomUUID()];
    const root = randomUUID();
    expect(await claims.claim(integrationId, 'root:none', first)).toBe(true);
    await claims.recordCreated(integrationId, 'root:none', first, root);
    await claims.save(ids(integrationId, root, randomUUID()), first);
    expect(await claims.claim(integrationId, 'root:none', second)).toBe(false);

    // The ids forgotten (as a disconnect does): the finished claim no longer guards anything.
    await db.query(`DELETE FROM notion_workspaces WHERE integration_id = $1`, [integrationId]);
    expect(await claims.claim(integrationId, 'root:none', second)).toBe(true);
  });

  it('frees the claims of a failed attempt, and only its unfinished ones', async () => {
    const integrationId = await integration();
    const [failed, next] = [randomUUID(), randomUUID()];
    expect(await claims.claim(integrationId, 'root:none', failed)).toBe(true);
    expect(await claims.claim(integrationId, 'root:none', next)).toBe(false);
    await claims.release(integrationId, failed);
    expect(await claims.claim(integrationId, 'root:none', next)).toBe(true);
  });

  it('lets a claim whose holder stopped answering be taken over after the lease', async () => {
    const integrationId = await integration();
    const [dead, next] = [randomUUID(), randomUUID()];
    expect(await claims.claim(integrationId, 'root:none', dead)).toBe(true);
    await db.query(`UPDATE notion_provisioning_claims SET claimed_at = now() - interval '1 minute' WHERE integration_id = $1`, [integrationId]);
    expect(await claims.claim(integrationId, 'root:none', next)).toBe(false);
    await db.query(`UPDATE notion_provisioning_claims SET claimed_at = now() - interval '3 minutes' WHERE integration_id = $1`, [integrationId]);
    expect(await claims.claim(integrationId, 'root:none', next)).toBe(true);
  });
});
