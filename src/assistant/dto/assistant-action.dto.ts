import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_STATUSES, type ActionStatus, type AssistantActionEntity } from '../actions/assistant-action.entity';
import { ACTION_CONFIRM_HOURS } from '../assistant-actions.service';
import { ToolFailureDto } from './tool-failure.dto';

/** A destructive call the assistant's model asked for, held for the user's answer, and how it ended. */
export class AssistantActionDto {
  @ApiProperty({ format: 'uuid', description: 'Confirm it with POST /assistant/actions/{actionId}/confirm' })
  actionId: string;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ example: 'delete_note_page', description: 'The tool the model asked for' })
  tool: string;

  @ApiProperty({ description: 'Its arguments, as they will be run', example: { pageId: '1f2e3d4c5b6a79880123456789abcdef' } })
  arguments: unknown;

  @ApiProperty({ example: 'Move the Notion page 1f2e3d4c5b6a79880123456789abcdef to the trash', description: 'What it would do' })
  description: string;

  @ApiProperty({ enum: ACTION_STATUSES, description: 'pending until answered; done or failed once confirmed; declined' })
  status: ActionStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: `A pending action can be confirmed until then (${ACTION_CONFIRM_HOURS} hours)` })
  expiresAt: string;

  @ApiPropertyOptional({ description: 'What the tool returned, once done' })
  result?: unknown;

  @ApiPropertyOptional({ type: ToolFailureDto, description: 'Why the tool failed, once failed' })
  error?: ToolFailureDto;

  static from(action: AssistantActionEntity): AssistantActionDto {
    const outcome = action.outcome;
    return {
      actionId: action.id,
      conversationId: action.conversationId,
      tool: action.tool,
      arguments: action.arguments,
      description: action.description,
      status: action.status,
      createdAt: action.createdAt.toISOString(),
      expiresAt: new Date(action.createdAt.getTime() + ACTION_CONFIRM_HOURS * 3600_000).toISOString(),
      ...(outcome?.ok ? { result: outcome.result } : {}),
      ...(outcome && !outcome.ok ? { error: outcome.error } : {}),
    };
  }
}

