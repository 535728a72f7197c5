import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connected OAuth integrations (one per user, provider and bot) with their tokens encrypted at rest, and the
 * audit log of everything done with them. Tokens are nullable: a disconnected integration keeps its row (and
 * its history) but no credentials.
 */
export class CreateOAuthIntegrations1764400000001 implements MigrationInterface {
  name = 'CreateOAuthIntegrations1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "oauth_integrations" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "provider" character varying(32) NOT NULL,
        "bot_id" character varying(64) NOT NULL,
        "workspace_id" character varying(64) NOT NULL,
        "workspace_name" character varying(200),
        "workspace_icon" character varying(2000),
        "owner_type" character varying(16),
        "owner_id" character varying(64),
        "owner_name" character varying(200),
        "owner_email" character varying(254),
        "status" character varying(16) NOT NULL,
        "is_default" boolean NOT NULL DEFAULT false,
        "access_token_enc" text,
        "refresh_token_enc" text,
        "key_id" character varying(32),
        "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_oauth_integrations" PRIMARY KEY ("id"),
        CONSTRAINT "FK_oauth_integrations_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "UQ_oauth_integrations_user_provider_bot" UNIQUE ("user_id", "provider", "bot_id"),
        CONSTRAINT "CHK_oauth_integrations_status" CHECK ("status" IN ('active', 'needs_reauth', 'revoked'))
      )`);
    // At most one default per user and provider.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_oauth_integrations_default" ON "oauth_integrations" ("user_id", "provider") WHERE "is_default"`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_oauth_integrations_key_id" ON "oauth_integrations" ("key_id")`);
    await queryRunner.query(`
      CREATE TABLE "oauth_audit_log" (
        "id" bigserial NOT NULL,
        "user_id" uuid NOT NULL,
        "integration_id" uuid,
        "provider" character varying(32) NOT NULL,
        "action" character varying(32) NOT NULL,
        "outcome" character varying(16) NOT NULL,
        "reason" character varying(200),
        "request_id" character varying(128),
        "ip" character varying(64),
        "user_agent" character varying(512),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_oauth_audit_log" PRIMARY KEY ("id"),
        CONSTRAINT "FK_oauth_audit_log_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_oauth_audit_log_integration" FOREIGN KEY ("integration_id")
          REFERENCES "oauth_integrations"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_oauth_audit_log_integration" ON "oauth_audit_log" ("integration_id", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "oauth_audit_log"`);
    await queryRunner.query(`DROP TABLE "oauth_integrations"`);
  }
}
