import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions kept in the database when there is no Redis (the embedded default), so a restart signs nobody
 * out. Keyed by the SHA-256 of the token (the token itself is never stored). `evict_at` is when the record
 * is forgotten (its idle time to live, moved on by every use); expired rows are swept now and then. No
 * foreign key to users: like the Redis store, the store holds what the session service gives it.
 */
export class CreateSessions1796500000020 implements MigrationInterface {
  name = 'CreateSessions1796500000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sessions" (
        "token_hash" character(64) NOT NULL,
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "evict_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ip" text,
        "user_agent" text,
        CONSTRAINT "PK_sessions" PRIMARY KEY ("token_hash")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_user" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_evict_at" ON "sessions" ("evict_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sessions"`);
  }
}
