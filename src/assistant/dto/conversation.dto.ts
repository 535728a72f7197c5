import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ConversationSummary } from '../conversations/conversations.repository';

const OPENING_CHARS = 120;

export class ConversationDto {
  @ApiProperty({ format: 'uuid', description: 'Send it as conversation_id to continue it' })
  conversation_id: string;

  @ApiProperty({ example: 'Who am I signed in as?', description: `The first message, cut at ${OPENING_CHARS} characters` })
  opening: string;

  @ApiProperty({ example: 4 })
  message_count: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', description: 'When it last changed' })
  updated_at: string;

  static from(conversation: ConversationSummary): ConversationDto {
    const { opening } = conversation;
    return {
      conversation_id: conversation.id,
      opening: opening.length > OPENING_CHARS ? `${opening.slice(0, OPENING_CHARS - 1)}…` : opening,
      message_count: conversation.messageCount,
      created_at: conversation.createdAt.toISOString(),
      updated_at: conversation.updatedAt.toISOString(),
    };
  }
}

export class ListConversationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'How many, most recently active first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

