import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { migrations } from '../../src/core/database/migrations';
import { runMigrations } from '../../src/core/database/run-migrations';
import { TEST_ENV, assertTestDatabase } from '../setup/test-env';
import { itWith } from '../support/requirements';

async function connect(url: string): Promise<DataSource> {
  return new DataSource(dataSourceOptions(url, 2)).initialize();
}

describe('migrations', () => {
  it('find nothing to do on the run database, which global setup already migrated', async () => {
    const dataSource = await connect(process.env[TEST_ENV.databaseUrl] as string);
    try {
      expect(await runMigrations(dataSource)).toEqual([]);
      const rows = (await dataSource.query('SELECT name FROM typeorm_migrations')) as { name: string }[];
      expect(rows).toHaveLength(migrations.length);
    } finally {
      await dataSource.destroy();
    }
  });

  // Needs a server to create a fresh database on.
  itWith('postgres', 'apply each migration once when two instances boot together on an empty database', async () => {
    const adminUrl = process.env[TEST_ENV.adminDatabaseUrl] as string;
    const name = `pa_test_mig_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    assertTestDatabase(url.toString());
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const [a, b] = await Promise.all([connect(url.toString()), connect(url.toString())]);
    try {
      const [fromA, fromB] = await Promise.all([runMigrations(a), runMigrations(b)]);
      expect(fromA.length + fromB.length).toBe(migrations.length);
      expect(Math.min(fromA.length, fromB.length)).toBe(0);
      const rows = (await a.query('SELECT count(*)::int AS n FROM typeorm_migrations')) as { n: number }[];
      expect(rows[0].n).toBe(migrations.length);
      await expect(a.query('SELECT count(*) FROM users')).resolves.toBeDefined();
    } finally {
      await a.destroy();
      await b.destroy();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
