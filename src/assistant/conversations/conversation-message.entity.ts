import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One message of a conversation, exactly as the model saw it (tool calls and tool results included). */
@Entity('assistant_messages')
@Unique('UQ_assistant_messages_seq', ['conversationId', 'seq'])
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_assistant_messages' })
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  /** Order within the conversation, from 1. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'jsonb' })
  message: ChatCompletionMessageParam;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
