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
  @ApiProperty({ format: 'uuid', description: 'Send it back as conversation_id to continue' })
  conversation_id: string;

  @ApiProperty({ example: 'You are signed in as Ada Lovelace.' })
  reply: string;

  @ApiProperty({ type: [ToolRunDto], description: 'The tools the assistant ran for this message, in order' })
  tool_runs: ToolRunDto[];

  @ApiProperty({
    type: [AssistantActionDto],
    description: 'Calls that delete or overwrite, NOT run: each waits for POST /assistant/actions/{action_id}/confirm (or /decline)',
  })
  pending_actions: AssistantActionDto[];

  static from(turn: AssistantTurn): AssistantReplyDto {
    return {
      conversation_id: turn.conversationId,
      reply: turn.reply,
      tool_runs: turn.toolRuns.map(toRunDto),
      pending_actions: turn.pendingActions.map((action) => AssistantActionDto.from(action)),
    };
  }
}

function toRunDto(run: ToolRun): ToolRunDto {
  return run.ok
    ? { name: run.name, arguments: run.arguments, ok: true, result: run.result }
    : { name: run.name, arguments: run.arguments, ok: false, error: run.error };
}
