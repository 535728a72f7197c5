import { ApiProperty } from '@nestjs/swagger';
import { IntegrationDto } from '../../oauth/dto/integration.dto';
import type { ConnectionCheck } from '../connection/connection-check.service';

/** The answer of "test connection": the provider accepted a call made with this integration's token. */
export class IntegrationStatusDto {
  @ApiProperty({ example: true })
  ok: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The workspace name the provider reported just now' })
  workspaceName: string | null;

  @ApiProperty({ format: 'date-time' })
  checkedAt: string;

  @ApiProperty({ type: IntegrationDto })
  integration: IntegrationDto;

  static from(check: ConnectionCheck): IntegrationStatusDto {
    return {
      ok: true,
      workspaceName: check.workspaceName,
      checkedAt: new Date().toISOString(),
      integration: IntegrationDto.from(check.integration),
    };
  }
}
