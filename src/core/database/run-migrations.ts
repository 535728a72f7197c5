import { MigrationExecutor, type DataSource, type Migration } from 'typeorm';

/** Arbitrary but fixed: every instance of this service takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_301_914_211;

/**
 * Applies pending migrations in one transaction while holding a session-level advisory lock, on a single
 * connection: instances that boot together migrate one after the other (the later ones find nothing to
 * do), and PGlite's one session is never asked for a second connection mid-migration.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      return await executor.executePendingMigrations();
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
  }
}
