import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts. The email is kept as typed and is unique case-insensitively through an index on lower(email),
 * which is also what sign-in looks up by. Plain SQL that PostgreSQL 13+ and PGlite both run.
 */
export class CreateUsers1764345600000 implements MigrationInterface {
  name = 'CreateUsers1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "display_name" character varying(100) NOT NULL,
        "password_hash" character varying(255) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_users" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (lower("email"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_users_email_lower"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
