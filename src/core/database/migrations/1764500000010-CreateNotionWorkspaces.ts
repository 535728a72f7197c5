import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each integration's "Personal Assistant" root page and "Table of Contents" database live in
 * Notion, so they are never searched for again. `property_ids` maps our property names to Notion's
 * property ids, so a property the user renamed is still recognised.
 *
 * A row belongs to its integration: it goes when the integration row is deleted (with its user), and
 * when the integration is disconnected, which keeps the integration row as `revoked` for its history:
 * a trigger forgets the ids in the same transaction. A later reconnect finds (adopts) the root again.
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
        CONSTRAINT "PK_notion_workspaces" PRIMARY KEY ("integration_id"),
        CONSTRAINT "FK_notion_workspaces_integration" FOREIGN KEY ("integration_id")
          REFERENCES "oauth_integrations"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE FUNCTION "notion_workspaces_forget_revoked"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "notion_workspaces" WHERE "integration_id" = NEW."id";
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_notion_workspaces_forget_revoked"
        AFTER UPDATE OF "status" ON "oauth_integrations"
        FOR EACH ROW WHEN (NEW."status" = 'revoked' AND OLD."status" IS DISTINCT FROM 'revoked')
        EXECUTE FUNCTION "notion_workspaces_forget_revoked"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_notion_workspaces_forget_revoked" ON "oauth_integrations"`);
    await queryRunner.query(`DROP FUNCTION "notion_workspaces_forget_revoked"()`);
    await queryRunner.query(`DROP TABLE "notion_workspaces"`);
  }
}
