import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AssistantActionEntity, type ActionOutcome, type ActionStatus } from './assistant-action.entity';

export interface NewAction {
  conversationId: string;
  tool: string;
  arguments: unknown;
  description: string;
}

/** The assistant's held actions. Every read and write names the user, so another user's action is not found. */
@Injectable()
export class AssistantActionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records held actions inside the transaction that stores their conversation turn. */
  async insert(manager: EntityManager, userId: string, actions: NewAction[]): Promise<AssistantActionEntity[]> {
    if (actions.length === 0) return [];
    const repo = manager.getRepository(AssistantActionEntity);
    return repo.save(actions.map((action) => repo.create({ ...action, userId, status: 'pending' })));
  }

  find(userId: string, id: string): Promise<AssistantActionEntity | null> {
    return this.db.getRepository(AssistantActionEntity).findOneBy({ id, userId });
  }

  list(userId: string, statuses: readonly ActionStatus[], limit: number): Promise<AssistantActionEntity[]> {
    return this.db
      .getRepository(AssistantActionEntity)
      .find({ where: { userId, status: In([...statuses]) }, order: { createdAt: 'DESC' }, take: limit });
  }

  /**
   * Moves a pending action, created after `notBefore`, to `status`; exactly one caller wins a race. Returns the
   * action as it now is, or null when it was not the user's, not pending, or too old.
   */
  async claim(userId: string, id: string, status: 'running' | 'declined', notBefore: Date): Promise<AssistantActionEntity | null> {
    const result = await this.db
      .createQueryBuilder()
      .update(AssistantActionEntity)
      .set({ status, ...(status === 'declined' ? { resolvedAt: () => 'now()' } : {}) })
      .where('id = :id AND user_id = :userId AND status = :pending AND created_at >= :notBefore', {
        id,
        userId,
        pending: 'pending',
        notBefore,
      })
      .returning('*')
      .execute();
    return result.affected ? this.find(userId, id) : null;
  }

  async finish(id: string, outcome: ActionOutcome): Promise<void> {
    await this.db
      .getRepository(AssistantActionEntity)
      .update({ id }, { status: outcome.ok ? 'done' : 'failed', outcome: outcome as never, resolvedAt: () => 'now()' });
  }
}
