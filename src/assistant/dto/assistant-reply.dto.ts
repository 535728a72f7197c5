import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from '../../core/errors/error-response.dto';
import type { AssistantTurn, ToolRun } from '../assistant.service';

class ToolFailureDto {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'For an unexpected failure: the id it was logged under' })
  errorId?: string;
}

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

  static from(turn: AssistantTurn): AssistantReplyDto {
    return { conversation_id: turn.conversationId, reply: turn.reply, tool_runs: turn.toolRuns.map(toRunDto) };
  }
}

function toRunDto(run: ToolRun): ToolRunDto {
  return run.ok
    ? { name: run.name, arguments: run.arguments, ok: true, result: run.result }
    : { name: run.name, arguments: run.arguments, ok: false, error: run.error };
}
