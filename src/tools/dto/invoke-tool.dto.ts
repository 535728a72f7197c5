import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

export class InvokeToolDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The tool's arguments, as its JSON Schema in GET /tools describes them (default {}).",
    example: {},
  })
  @IsOptional()
  @IsObject()
  arguments?: Record<string, unknown>;
}

export class ToolResultDto {
  @ApiProperty({ example: 'get_account' })
  tool: string;

  @ApiProperty({ description: 'The compact JSON the tool returned.', example: { userId: '…', email: 'ada@example.com' } })
  result: unknown;
}
