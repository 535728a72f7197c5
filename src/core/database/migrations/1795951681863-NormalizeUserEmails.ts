import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts are unique by a normalised email (NFKC, lower case) computed by the service, so that look-alike
 * spellings of one address (NFC/NFD, letter case beyond ASCII) are one account whatever the database's
 * collation; the old index on lower(email) depended on it.
 */
export class NormalizeUserEmails1795951681863 implements MigrationInterface {
  name = 'NormalizeUserEmails1795951681863';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "email_normalized" character varying(254)`);
    await queryRunner.query(`UPDATE "users" SET "email_normalized" = lower(normalize("email", NFKC))`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "email_normalized" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email_normalized" ON "users" ("email_normalized")`);
    await queryRunner.query(`DROP INDEX "UQ_users_email_lower"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (lower("email"))`);
    await queryRunner.query(`DROP INDEX "UQ_users_email_normalized"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_normalized"`);
  }
}
