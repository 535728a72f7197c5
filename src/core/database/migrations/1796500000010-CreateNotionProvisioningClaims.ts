import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per thing the workspace manager creates in Notion (a root page, a Table of Contents database),
 * inserted before the Notion call. Its key names the step and what it replaces (`root:none`,
 * `root:<trashed root id>`, `database:<root id>:none`, …), so a second attempt at the same step cannot pass
 * the primary key, whatever locks did or did not exclude it (the embedded database is one session, where an
 * advisory lock excludes nobody). `completed_at` is set in the transaction that stores the workspace ids;
 * an unfinished claim older than the lease may be taken over (its holder died), and so may a finished one
 * whose created object the stored workspace no longer holds (the ids were forgotten on disconnect).
 */
export class CreateNotionProvisioningClaims1796500000010 implements MigrationInterface {
  name = 'CreateNotionProvisioningClaims1796500000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notion_provisioning_claims" (
        "integration_id" uuid NOT NULL,
        "step" text NOT NULL,
        "attempt_id" uuid NOT NULL,
        "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_id" uuid,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_notion_provisioning_claims" PRIMARY KEY ("integration_id", "step"),
        CONSTRAINT "FK_notion_provisioning_claims_integration" FOREIGN KEY ("integration_id")
          REFERENCES "oauth_integrations"("id") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notion_provisioning_claims"`);
  }
}
