import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DataSource, type EntityManager } from 'typeorm';
import { ConversationMessageEntity } from './conversation-message.entity';
import { ConversationEntity } from './conversation.entity';

export interface ConversationSummary {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  messageCount: number;
  /** The first thing the user said in it. */
  opening: string;
}

/** Conversations and their messages. Every read names the user, so another user's conversation is not found. */
@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async exists(userId: string, id: string): Promise<boolean> {
    return this.db.getRepository(ConversationEntity).existsBy({ id, userId });
  }

  /** The user's conversations, most recently active first, each with its opening message and its size. */
  async list(userId: string, limit: number): Promise<ConversationSummary[]> {
    const rows: Array<{ id: string; created_at: Date; updated_at: Date; messages: string; opening: string | null }> =
      await this.db.query(
        `SELECT c.id, c.created_at, c.updated_at,
                (SELECT count(*) FROM assistant_messages m WHERE m.conversation_id = c.id) AS messages,
                (SELECT m.message->>'content' FROM assistant_messages m
                  WHERE m.conversation_id = c.id AND m.message->>'role' = 'user' ORDER BY m.seq LIMIT 1) AS opening
           FROM assistant_conversations c
          WHERE c.user_id = $1
          ORDER BY c.updated_at DESC, c.id
          LIMIT $2`,
        [userId, limit],
      );
    return rows.map((row) => ({
      id: row.id,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      messageCount: Number(row.messages),
      opening: row.opening ?? '',
    }));
  }

  /** Deletes the user's conversation with its messages and held actions; false when it is not the user's. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.getRepository(ConversationEntity).delete({ id, userId });
    return (result.affected ?? 0) > 0;
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
    alsoInTransaction?: (manager: EntityManager, conversationId: string) => Promise<unknown>,
  ): Promise<string | null> {
    return this.db.transaction(async (manager) => {
      const id = await lockOrCreate(manager, userId, conversationId);
      if (id === null) return null;
      await alsoInTransaction?.(manager, id);
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
