import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MCP authorization: AI clients registered dynamically, people's grants to them, and the grants' codes and
 * tokens (SHA-256 only; the values are shown once, to the client).
 */
export class CreateMcpAuth1796700000100 implements MigrationInterface {
  name = 'CreateMcpAuth1796700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mcp_clients" (
        "client_id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "client_name" text NOT NULL,
        "redirect_uris" text[] NOT NULL,
        "metadata" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mcp_clients" PRIMARY KEY ("client_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "mcp_grants" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "scopes" text[] NOT NULL,
        "resource" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_mcp_grants" PRIMARY KEY ("id"),
        CONSTRAINT "FK_mcp_grants_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_mcp_grants_client" FOREIGN KEY ("client_id") REFERENCES "mcp_clients" ("client_id") ON DELETE CASCADE
      )`);
    // One live grant per person and client: approving again reuses it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mcp_grants_live" ON "mcp_grants" ("user_id", "client_id") WHERE "revoked_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "mcp_tokens" (
        "token_hash" text NOT NULL,
        "kind" text NOT NULL,
        "grant_id" uuid NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "consumed_at" TIMESTAMP WITH TIME ZONE,
        "code_challenge" text,
        "redirect_uri" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mcp_tokens" PRIMARY KEY ("token_hash"),
        CONSTRAINT "CK_mcp_tokens_kind" CHECK ("kind" IN ('code', 'access', 'refresh')),
        CONSTRAINT "FK_mcp_tokens_grant" FOREIGN KEY ("grant_id") REFERENCES "mcp_grants" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_mcp_tokens_grant" ON "mcp_tokens" ("grant_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mcp_tokens"`);
    await queryRunner.query(`DROP TABLE "mcp_grants"`);
    await queryRunner.query(`DROP TABLE "mcp_clients"`);
  }
}
