import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssistantTurn, ToolRun } from '../assistant.service';
import { AssistantActionDto } from './assistant-action.dto';
import { ToolFailureDto } from './tool-failure.dto';

class ToolRunDto {
  @ApiProperty({ example: 'get_account' })
  name: string;

  @ApiProperty({ description: 'The arguments the model passed', example: {} })
  arguments: unknown;

  @ApiProperty()
  ok: boolean;

  @ApiPropertyOptional({ description: 'What the tool returned, when ok' })
  result?: unknown;

  @ApiPropertyOptional({ type: ToolFailureDto, description: 'Why the tool failed, when not ok' })
  error?: ToolFailureDto;
}

export class AssistantReplyDto {
  @ApiProperty({ format: 'uuid', description: 'Send it back as conversationId to continue' })
  conversationId: string;

  @ApiProperty({ example: 'You are signed in as Ada Lovelace.' })
  reply: string;

  @ApiProperty({ type: [ToolRunDto], description: 'The tools the assistant ran for this message, in order' })
  toolRuns: ToolRunDto[];

  @ApiProperty({
    type: [AssistantActionDto],
    description: 'Calls that delete or overwrite, NOT run: each waits for POST /assistant/actions/{actionId}/confirm (or /decline)',
  })
  pendingActions: AssistantActionDto[];

  static from(turn: AssistantTurn): AssistantReplyDto {
    return {
      conversationId: turn.conversationId,
      reply: turn.reply,
      toolRuns: turn.toolRuns.map(toRunDto),
      pendingActions: turn.pendingActions.map((action) => AssistantActionDto.from(action)),
    };
  }
}

function toRunDto(run: ToolRun): ToolRunDto {
  return run.ok
    ? { name: run.name, arguments: run.arguments, ok: true, result: run.result }
    : { name: run.name, arguments: run.arguments, ok: false, error: run.error };
}
