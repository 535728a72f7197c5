import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Notion bots that may have a root page of ours: a bot is recorded before its first root is created, and
 * outlives its integration (a disconnect deletes the integration, a reconnect brings the same bot back). A
 * bot not recorded here never had a root made by this product, so its first provisioning skips the search
 * for an earlier root to adopt (one Notion call less for every new user). Bots connected before this table
 * existed are recorded now, so that they keep searching.
 */
export class CreateNotionBotRoots1796800000400 implements MigrationInterface {
  name = 'CreateNotionBotRoots1796800000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notion_bot_roots" (
        "bot_id" character varying(64) NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notion_bot_roots" PRIMARY KEY ("bot_id")
      )`);
    await queryRunner.query(`INSERT INTO "notion_bot_roots" ("bot_id") SELECT DISTINCT "bot_id" FROM "oauth_integrations" WHERE "provider" = 'notion'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notion_bot_roots"`);
  }
}
