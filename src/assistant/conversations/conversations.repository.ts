import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DataSource, type EntityManager } from 'typeorm';
import { ConversationMessageEntity } from './conversation-message.entity';
import { ConversationEntity } from './conversation.entity';

/** Conversations and their messages. Every read names the user, so another user's conversation is not found. */
@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async exists(userId: string, id: string): Promise<boolean> {
    return this.db.getRepository(ConversationEntity).existsBy({ id, userId });
  }

  /** The last `limit` messages, oldest first. */
  async recentMessages(conversationId: string, limit: number): Promise<ChatCompletionMessageParam[]> {
    const rows = await this.db
      .getRepository(ConversationMessageEntity)
      .find({ where: { conversationId }, order: { seq: 'DESC' }, take: limit });
    return rows.reverse().map((row) => row.message);
  }

  /**
   * Appends messages to the user's conversation (a new one when `conversationId` is undefined), in one
   * transaction; the conversation row is locked so concurrent turns get consecutive sequence numbers.
   * Returns the conversation id, or null when the conversation is not the user's.
   */
  async append(
    userId: string,
    conversationId: string | undefined,
    messages: ChatCompletionMessageParam[],
  ): Promise<string | null> {
    return this.db.transaction(async (manager) => {
      const id = await lockOrCreate(manager, userId, conversationId);
      if (id === null) return null;
      const messagesRepo = manager.getRepository(ConversationMessageEntity);
      const last = await messagesRepo
        .createQueryBuilder('m')
        .select('COALESCE(MAX(m.seq), 0)', 'max')
        .where('m.conversation_id = :id', { id })
        .getRawOne<{ max: number }>();
      const start = Number(last?.max ?? 0);
      await messagesRepo.insert(messages.map((message, index) => ({ conversationId: id, seq: start + index + 1, message })));
      return id;
    });
  }
}

/** The conversation's id, its row locked for the transaction; a new one when none is given; null when not the user's. */
async function lockOrCreate(manager: EntityManager, userId: string, conversationId: string | undefined): Promise<string | null> {
  const conversations = manager.getRepository(ConversationEntity);
  if (conversationId === undefined) return (await conversations.save(conversations.create({ userId }))).id;
  const owned = await conversations.findOne({ where: { id: conversationId, userId }, lock: { mode: 'pessimistic_write' } });
  if (!owned) return null;
  await conversations.update({ id: conversationId }, { updatedAt: new Date() });
  return conversationId;
}
