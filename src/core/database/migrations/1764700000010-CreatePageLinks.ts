import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links between two Notion pages a user made through the assistant: one row per direction, with the ids
 * of the "Linked pages" mention blocks written on each page (so that removing the link removes them).
 * Rows go with their user and with their integration.
 */
export class CreatePageLinks1764700000010 implements MigrationInterface {
  name = 'CreatePageLinks1764700000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "page_links" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "integration_id" uuid NOT NULL,
        "from_page_id" uuid NOT NULL,
        "to_page_id" uuid NOT NULL,
        "from_block_id" uuid,
        "to_block_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_page_links" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_page_links_not_self" CHECK ("from_page_id" <> "to_page_id"),
        CONSTRAINT "FK_page_links_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_page_links_integration" FOREIGN KEY ("integration_id") REFERENCES "oauth_integrations" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_page_links_direction" ON "page_links" ("user_id", "integration_id", "from_page_id", "to_page_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IX_page_links_to" ON "page_links" ("user_id", "integration_id", "to_page_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "page_links"`);
  }
}
