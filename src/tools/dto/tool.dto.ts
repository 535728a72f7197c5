import { ApiProperty } from '@nestjs/swagger';
import type { PublishedTool } from '../tool-registry';

class ToolFunctionDto {
  @ApiProperty({ example: 'get_account' })
  name: string;

  @ApiProperty({ description: 'Written for a language model: what the tool does and when to use it.' })
  description: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "JSON Schema of the tool's arguments" })
  parameters: Record<string, unknown>;
}

/** A tool in OpenAI's function-calling format, ready to pass as `tools` to a chat completion. */
export class ToolDto {
  @ApiProperty({ enum: ['function'] })
  type: 'function';

  @ApiProperty({ type: ToolFunctionDto })
  function: ToolFunctionDto;

  static from(tool: PublishedTool): ToolDto {
    return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } };
  }
}
