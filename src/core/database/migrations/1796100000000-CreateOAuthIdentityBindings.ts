import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which account of this service each provider user (a Notion person, `owner.user.id` of the token response)
 * is bound to. The first grant binds; a grant by the same provider user for another account is refused.
 * Integrations already connected bind their owners, the earliest account first.
 */
export class CreateOAuthIdentityBindings1796100000000 implements MigrationInterface {
  name = 'CreateOAuthIdentityBindings1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "oauth_identity_bindings" (
        "provider" varchar(32) NOT NULL,
        "subject_id" varchar(64) NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_oauth_identity_bindings" PRIMARY KEY ("provider", "subject_id"),
        CONSTRAINT "FK_oauth_identity_bindings_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_oauth_identity_bindings_user" ON "oauth_identity_bindings" ("user_id")`);
    await queryRunner.query(`
      INSERT INTO "oauth_identity_bindings" ("provider", "subject_id", "user_id", "created_at")
      SELECT DISTINCT ON ("provider", "owner_id") "provider", "owner_id", "user_id", "connected_at"
        FROM "oauth_integrations"
       WHERE "owner_type" = 'user' AND "owner_id" IS NOT NULL
       ORDER BY "provider", "owner_id", "connected_at", "id"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "oauth_identity_bindings"`);
  }
}
