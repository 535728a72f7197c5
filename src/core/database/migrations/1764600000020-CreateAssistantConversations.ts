import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assistant's conversations: one row per conversation, one per message in order (user, assistant,
 * tool calls and tool results, as the model saw them). A user's conversations go with the account.
 */
export class CreateAssistantConversations1764600000020 implements MigrationInterface {
  name = 'CreateAssistantConversations1764600000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "assistant_conversations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistant_conversations" PRIMARY KEY ("id"),
        CONSTRAINT "FK_assistant_conversations_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IX_assistant_conversations_user_id" ON "assistant_conversations" ("user_id")`);
    await queryRunner.query(`
      CREATE TABLE "assistant_messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conversation_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "message" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistant_messages" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_assistant_messages_seq" UNIQUE ("conversation_id", "seq"),
        CONSTRAINT "FK_assistant_messages_conversation" FOREIGN KEY ("conversation_id")
          REFERENCES "assistant_conversations" ("id") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "assistant_messages"`);
    await queryRunner.query(`DROP TABLE "assistant_conversations"`);
  }
}
