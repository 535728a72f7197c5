import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Destructive tool calls the assistant's model asked for, held until the person confirms or declines them. The
 * arguments are the model's validated arguments (ids and Markdown of the user's own content, no secrets).
 */
export class CreateAssistantActions1796700000000 implements MigrationInterface {
  name = 'CreateAssistantActions1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "assistant_actions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "conversation_id" uuid NOT NULL,
        "tool" text NOT NULL,
        "arguments" jsonb NOT NULL,
        "description" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "outcome" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_assistant_actions" PRIMARY KEY ("id"),
        CONSTRAINT "CK_assistant_actions_status" CHECK ("status" IN ('pending', 'running', 'done', 'failed', 'declined')),
        CONSTRAINT "FK_assistant_actions_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_assistant_actions_conversation" FOREIGN KEY ("conversation_id")
          REFERENCES "assistant_conversations" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_assistant_actions_user_status" ON "assistant_actions" ("user_id", "status")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "assistant_actions"`);
  }
}
