import { ApiProperty } from '@nestjs/swagger';

export class HealthStatusDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: { database: { status: 'up' } }, type: 'object', additionalProperties: true })
  info: Record<string, unknown>;
}
