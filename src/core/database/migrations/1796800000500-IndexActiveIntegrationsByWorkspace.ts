import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The active integrations of a Notion workspace, found by index: every webhook delivery asks for them before
 * it is kept (an event of a workspace nobody here connected is not), and the inbox worker asks again to
 * route it. Without the index each delivery read the whole table. Partial: only active rows are ever asked for.
 */
export class IndexActiveIntegrationsByWorkspace1796800000500 implements MigrationInterface {
  name = 'IndexActiveIntegrationsByWorkspace1796800000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_oauth_integrations_active_workspace" ON "oauth_integrations" ("workspace_id") WHERE "status" = 'active'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_oauth_integrations_active_workspace"`);
  }
}
