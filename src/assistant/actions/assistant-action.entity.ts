import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ToolFailure } from '../../tools/tool-outcome';

export const ACTION_STATUSES = ['pending', 'running', 'done', 'failed', 'declined'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** How a confirmed action ended: what the tool returned, or why it failed. */
export type ActionOutcome = { ok: true; result: unknown } | { ok: false; error: ToolFailure };

/** A destructive tool call the model asked for, waiting for the person's yes or no. */
@Entity('assistant_actions')
export class AssistantActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_assistant_actions' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'text' })
  tool: string;

  @Column({ type: 'jsonb' })
  arguments: unknown;

  /** What the call would do, in words (from the tool). */
  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', default: 'pending' })
  status: ActionStatus;

  @Column({ type: 'jsonb', nullable: true })
  outcome: ActionOutcome | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
