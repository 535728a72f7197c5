import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cross-instance pickup of the sync outbox: whenever a job becomes due and free (enqueued, re-enqueued,
 * released, unparked), the transaction sends NOTIFY on `note_sync_due` as it commits, and every instance's
 * worker listening there claims at once instead of at its next poll. In a trigger, so that no way of
 * queueing a job can forget it. The payload is the job's integration id (no secret, no note content);
 * Postgres sends one notification per distinct payload per transaction, so a bulk change stays cheap.
 */
export class NotifyDueSyncJobs1796800000300 implements MigrationInterface {
  name = 'NotifyDueSyncJobs1796800000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "note_sync_jobs_notify_due"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('note_sync_due', coalesce(NEW.integration_id::text, ''));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_note_sync_jobs_notify_due" AFTER INSERT OR UPDATE ON "note_sync_jobs"
        FOR EACH ROW WHEN (NEW.locked_until IS NULL AND NOT NEW.parked AND NEW.run_at <= now())
        EXECUTE FUNCTION "note_sync_jobs_notify_due"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_note_sync_jobs_notify_due" ON "note_sync_jobs"`);
    await queryRunner.query(`DROP FUNCTION "note_sync_jobs_notify_due"()`);
  }
}
