import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ConversationSummary } from '../conversations/conversations.repository';

const OPENING_CHARS = 120;

export class ConversationDto {
  @ApiProperty({ format: 'uuid', description: 'Send it as conversationId to continue it' })
  conversationId: string;

  @ApiProperty({ example: 'Who am I signed in as?', description: `The first message, cut at ${OPENING_CHARS} characters` })
  opening: string;

  @ApiProperty({ example: 4 })
  messageCount: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'When it last changed' })
  updatedAt: string;

  static from(conversation: ConversationSummary): ConversationDto {
    const { opening } = conversation;
    return {
      conversationId: conversation.id,
      opening: opening.length > OPENING_CHARS ? `${opening.slice(0, OPENING_CHARS - 1)}…` : opening,
      messageCount: conversation.messageCount,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
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

