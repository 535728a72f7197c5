import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each integration's "Personal Assistant" root page and "Table of Contents" database live in
 * Notion, so they are never searched for again. `property_ids` maps our property names to Notion's
 * property ids, so a property the user renamed is still recognised.
 */
export class CreateNotionWorkspaces1764500000010 implements MigrationInterface {
  name = 'CreateNotionWorkspaces1764500000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notion_workspaces" (
        "integration_id" uuid NOT NULL,
        "root_page_id" uuid NOT NULL,
        "root_page_url" text NOT NULL,
        "database_id" uuid NOT NULL,
        "database_url" text NOT NULL,
        "data_source_id" uuid NOT NULL,
        "property_ids" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notion_workspaces" PRIMARY KEY ("integration_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notion_workspaces"`);
  }
}
