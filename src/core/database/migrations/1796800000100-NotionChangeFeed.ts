import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hearing about edits made in Notion (docs/notes.md, "How changes are heard"):
 * - `notion_webhook_events`: the durable inbox of webhook deliveries, one row per event id (a redelivery
 *   is a conflict, not a second row), worked off the request by every instance (claimed with SKIP LOCKED
 *   and a lease, like the note outbox) and kept a few days after it is done so that late redeliveries are
 *   still recognised;
 * - `notion_webhook_secrets`: the subscription's verification token, encrypted like the OAuth tokens (never
 *   in clear text), with a fingerprint to name it in logs;
 * - `notion_poll_state`: per integration, when it is next polled, the cursor (greatest last_edited_time
 *   seen) and the lease of the instance polling it, so one poller per integration runs at a time.
 */
export class NotionChangeFeed1796800000100 implements MigrationInterface {
  name = 'NotionChangeFeed1796800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notion_webhook_events" (
        "id" varchar(64) NOT NULL,
        "type" varchar(64) NOT NULL,
        "payload" jsonb NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "attempts" integer NOT NULL DEFAULT 0,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "locked_by" varchar(64),
        "processed_at" TIMESTAMP WITH TIME ZONE,
        "outcome" varchar(32),
        CONSTRAINT "PK_notion_webhook_events" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IX_notion_webhook_events_due" ON "notion_webhook_events" ("run_at") WHERE "processed_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "IX_notion_webhook_events_processed" ON "notion_webhook_events" ("processed_at") WHERE "processed_at" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "notion_webhook_secrets" (
        "name" varchar(64) NOT NULL,
        "value_enc" text NOT NULL,
        "key_id" varchar(32) NOT NULL,
        "fingerprint" varchar(16) NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notion_webhook_secrets" PRIMARY KEY ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "notion_poll_state" (
        "integration_id" uuid NOT NULL,
        "cursor" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "next_poll_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "locked_by" varchar(64),
        "last_polled_at" TIMESTAMP WITH TIME ZONE,
        "last_error" varchar(64),
        CONSTRAINT "PK_notion_poll_state" PRIMARY KEY ("integration_id"),
        CONSTRAINT "FK_notion_poll_state_integration" FOREIGN KEY ("integration_id")
          REFERENCES "oauth_integrations"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_notion_poll_state_due" ON "notion_poll_state" ("next_poll_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notion_poll_state"`);
    await queryRunner.query(`DROP TABLE "notion_webhook_secrets"`);
    await queryRunner.query(`DROP TABLE "notion_webhook_events"`);
  }
}
