import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notes, the links between them, and the sync outbox. A note and its sync job are written in one
 * transaction; workers claim jobs with FOR UPDATE SKIP LOCKED and a lease (`locked_until`), so any number
 * of instances can work the same table and a job whose worker died is taken up again.
 *
 * Full-text search runs on a generated tsvector (title A, tags and summary B, content C) with a GIN index.
 * Tags are jsonb rather than text[]: `jsonb_to_tsvector` is immutable, `array_to_string` is not, and a
 * generated column needs an immutable expression (on PostgreSQL and on the embedded PGlite alike).
 */
export class CreateNotes1795960000000 implements MigrationInterface {
  name = 'CreateNotes1795960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notes" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "integration_id" uuid,
        "original_content" text NOT NULL,
        "content" text NOT NULL,
        "title" character varying(200) NOT NULL,
        "type" character varying(16) NOT NULL,
        "tags" jsonb NOT NULL DEFAULT '[]',
        "summary" character varying(400) NOT NULL DEFAULT '',
        "key_topics" jsonb NOT NULL DEFAULT '[]',
        "action_items" jsonb NOT NULL DEFAULT '[]',
        "enhancer" character varying(16) NOT NULL,
        "enhancer_fallback" character varying(200),
        "confidence" real NOT NULL DEFAULT 0,
        "notion_page_id" uuid,
        "notion_url" text,
        "notion_create_started" boolean NOT NULL DEFAULT false,
        "sync_status" character varying(16) NOT NULL,
        "sync_attempts" integer NOT NULL DEFAULT 0,
        "last_sync_error" character varying(300),
        "synced_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT 1,
        "synced_version" integer NOT NULL DEFAULT 0,
        "content_version" integer NOT NULL DEFAULT 1,
        "synced_content_version" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "trashed_at" TIMESTAMP WITH TIME ZONE,
        "search_vector" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
          setweight(jsonb_to_tsvector('english'::regconfig, "tags", '["string"]'), 'B') ||
          setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B') ||
          setweight(to_tsvector('english'::regconfig, coalesce("content", '')), 'C')
        ) STORED,
        CONSTRAINT "PK_notes" PRIMARY KEY ("id"),
        CONSTRAINT "FK_notes_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_notes_integration" FOREIGN KEY ("integration_id") REFERENCES "oauth_integrations"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_notes_user_created" ON "notes" ("user_id", "created_at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "IDX_notes_search" ON "notes" USING GIN ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "IDX_notes_tags" ON "notes" USING GIN ("tags")`);
    await queryRunner.query(`
      CREATE TABLE "note_links" (
        "source_note_id" uuid NOT NULL,
        "target_note_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_note_links" PRIMARY KEY ("source_note_id", "target_note_id"),
        CONSTRAINT "CHK_note_links_not_self" CHECK ("source_note_id" <> "target_note_id"),
        CONSTRAINT "FK_note_links_source" FOREIGN KEY ("source_note_id") REFERENCES "notes"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_note_links_target" FOREIGN KEY ("target_note_id") REFERENCES "notes"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_note_links_target" ON "note_links" ("target_note_id")`);
    await queryRunner.query(`
      CREATE TABLE "note_sync_jobs" (
        "note_id" uuid NOT NULL,
        "integration_id" uuid,
        "seq" integer NOT NULL DEFAULT 1,
        "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "attempts" integer NOT NULL DEFAULT 0,
        "parked" boolean NOT NULL DEFAULT false,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "locked_by" character varying(64),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_note_sync_jobs" PRIMARY KEY ("note_id"),
        CONSTRAINT "FK_note_sync_jobs_note" FOREIGN KEY ("note_id") REFERENCES "notes"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_note_sync_jobs_due" ON "note_sync_jobs" ("run_at") WHERE NOT "parked"`);
    await queryRunner.query(`CREATE INDEX "IDX_note_sync_jobs_integration" ON "note_sync_jobs" ("integration_id") WHERE "parked"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "note_sync_jobs"`);
    await queryRunner.query(`DROP TABLE "note_links"`);
    await queryRunner.query(`DROP TABLE "notes"`);
  }
}
