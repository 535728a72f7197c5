import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The root page and the Table of Contents are the person's: when they trash or delete them in Notion, the
 * product records what it found instead of silently starting over (`state`), and reports properties it
 * cannot use as they are (a type the person changed) in `schema_issues` instead of fighting over them.
 * `state_checked_at` is when Notion was last asked.
 */
export class AddNotionWorkspaceState1796800000200 implements MigrationInterface {
  name = 'AddNotionWorkspaceState1796800000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "notion_workspaces"
        ADD COLUMN "state" character varying(16) NOT NULL DEFAULT 'active',
        ADD COLUMN "schema_issues" jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN "state_checked_at" TIMESTAMP WITH TIME ZONE,
        ADD CONSTRAINT "CHK_notion_workspaces_state" CHECK ("state" IN ('active', 'root_trashed', 'toc_trashed', 'gone'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "notion_workspaces"
        DROP CONSTRAINT "CHK_notion_workspaces_state",
        DROP COLUMN "state_checked_at",
        DROP COLUMN "schema_issues",
        DROP COLUMN "state"`);
  }
}
