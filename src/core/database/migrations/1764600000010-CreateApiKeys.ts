import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys for agents: only the SHA-256 of a key is stored; a user's keys go with the account. */
export class CreateApiKeys1764600000010 implements MigrationInterface {
  name = 'CreateApiKeys1764600000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "name" character varying(100) NOT NULL,
        "token_hash" character(64) NOT NULL,
        "last_four" character varying(4) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "expires_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"),
        CONSTRAINT "FK_api_keys_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_keys_token_hash" ON "api_keys" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "IX_api_keys_user_id" ON "api_keys" ("user_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
