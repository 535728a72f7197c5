import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../core/clock/clock';
import { NotFoundError } from '../core/errors/domain-error';
import { runToolSafely } from '../tools/tool-outcome';
import { ToolRegistry } from '../tools/tool-registry';
import type { AssistantActionEntity } from './actions/assistant-action.entity';
import { AssistantActionsRepository } from './actions/assistant-actions.repository';
import { AssistantActionExpiredError, AssistantActionResolvedError } from './assistant.errors';
import { ConversationsRepository } from './conversations/conversations.repository';

/** How long a held action waits for the user's answer. */
export const ACTION_CONFIRM_HOURS = 24;
const PENDING_LIST_MAX = 100;

/**
 * The user's answer to actions the assistant held (see AssistantService): confirm runs the tool as the user,
 * decline drops it. Either way the conversation records it, so the model knows on the next message.
 */
@Injectable()
export class AssistantActionsService {
  constructor(
    private readonly actions: AssistantActionsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly registry: ToolRegistry,
    private readonly clock: Clock,
  ) {}

  /** The user's actions still waiting for an answer, newest first. */
  async pending(userId: string): Promise<AssistantActionEntity[]> {
    const cutoff = this.cutoff().getTime();
    const rows = await this.actions.list(userId, ['pending'], PENDING_LIST_MAX);
    return rows.filter((row) => row.createdAt.getTime() >= cutoff);
  }

  async confirm(user: AuthenticatedUser, id: string): Promise<AssistantActionEntity> {
    const action = (await this.actions.claim(user.id, id, 'running', this.cutoff())) ?? (await this.refusal(user.id, id));
    const ctx = { userId: user.id, user, via: 'assistant' } as const;
    const outcome = await runToolSafely(this.registry, ctx, action.tool, action.arguments);
    await this.actions.finish(action.id, outcome);
    const said = outcome.ok ? 'it ran' : `it failed (${outcome.error.code})`;
    await this.record(user.id, action, `The user confirmed: ${action.description}; ${said}.`);
    return (await this.actions.find(user.id, action.id)) ?? action;
  }

  async decline(userId: string, id: string): Promise<AssistantActionEntity> {
    const action = (await this.actions.claim(userId, id, 'declined', this.cutoff())) ?? (await this.refusal(userId, id));
    await this.record(userId, action, `The user declined: ${action.description}; it was not run.`);
    return action;
  }

  /** Why an action could not be claimed: not the user's, already answered, or too old. */
  private async refusal(userId: string, id: string): Promise<never> {
    const action = await this.actions.find(userId, id);
    if (!action) throw new NotFoundError('Action');
    if (action.status === 'pending') throw new AssistantActionExpiredError(ACTION_CONFIRM_HOURS);
    throw new AssistantActionResolvedError(action.status);
  }

  private async record(userId: string, action: AssistantActionEntity, content: string): Promise<void> {
    await this.conversations.append(userId, action.conversationId, [{ role: 'assistant', content }]);
  }

  private cutoff(): Date {
    return new Date(this.clock.now() - ACTION_CONFIRM_HOURS * 3600_000);
  }
}
