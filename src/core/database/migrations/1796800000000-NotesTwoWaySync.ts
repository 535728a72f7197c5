import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-way sync of notes with Notion (docs/notes.md, "Edits in Notion"):
 * - `synced_base`: the note as Notion last held it to the product's knowledge (title, type, tags, summary,
 *   and the page's content as Markdown), the base of the three-way merge;
 * - `notion_hash`: a hash of that state, to tell by content whether Notion changed since;
 * - `notion_blocks`: the page's top-level block ids and hashes, so a content change touches only the
 *   blocks that changed;
 * - `notion_edited_at` / `notion_confirmed_at`: the page's last_edited_time as last seen (minute-rounded by
 *   Notion) and when the product last confirmed the content, to skip reading it when time proves nothing
 *   changed;
 * - `pull_requested_at`: a change feed signal not yet worked; `last_pulled_at`: the last pull;
 * - `conflict`: both versions when a merge could not reconcile them; `notion_missing`: the page is gone
 *   from Notion for good (the note stays here and can be written again).
 * `note_revisions` keeps the values a merge replaced (nothing either side wrote is dropped silently).
 */
export class NotesTwoWaySync1796800000000 implements MigrationInterface {
  name = 'NotesTwoWaySync1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "notes"
        ADD COLUMN "synced_base" jsonb,
        ADD COLUMN "notion_hash" varchar(64),
        ADD COLUMN "notion_blocks" jsonb,
        ADD COLUMN "notion_edited_at" TIMESTAMP WITH TIME ZONE,
        ADD COLUMN "notion_confirmed_at" TIMESTAMP WITH TIME ZONE,
        ADD COLUMN "pull_requested_at" TIMESTAMP WITH TIME ZONE,
        ADD COLUMN "last_pulled_at" TIMESTAMP WITH TIME ZONE,
        ADD COLUMN "conflict" jsonb,
        ADD COLUMN "notion_missing" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_notes_integration_page" ON "notes" ("integration_id", "notion_page_id") WHERE "notion_page_id" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "note_revisions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "note_id" uuid NOT NULL,
        "field" varchar(16) NOT NULL,
        "value" jsonb NOT NULL,
        "source" varchar(16) NOT NULL,
        "reason" varchar(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_note_revisions" PRIMARY KEY ("id"),
        CONSTRAINT "CK_note_revisions_source" CHECK ("source" IN ('product', 'notion')),
        CONSTRAINT "FK_note_revisions_note" FOREIGN KEY ("note_id") REFERENCES "notes" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_note_revisions_note" ON "note_revisions" ("note_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "note_revisions"`);
    await queryRunner.query(`DROP INDEX "UQ_notes_integration_page"`);
    await queryRunner.query(`
      ALTER TABLE "notes"
        DROP COLUMN "synced_base", DROP COLUMN "notion_hash", DROP COLUMN "notion_blocks", DROP COLUMN "notion_edited_at",
        DROP COLUMN "notion_confirmed_at", DROP COLUMN "pull_requested_at", DROP COLUMN "last_pulled_at",
        DROP COLUMN "conflict", DROP COLUMN "notion_missing"`);
  }
}
