import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_STATUSES, type IntegrationStatus, type OAuthIntegrationEntity } from '../integrations/oauth-integration.entity';

/** A connected workspace as its owner sees it. Never a token. */
export class IntegrationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'notion' })
  provider: string;

  @ApiProperty({ example: '6c1f1b2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e' })
  workspaceId: string;

  @ApiProperty({ type: String, nullable: true, example: "Ada's workspace" })
  workspaceName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'An emoji or an image URL' })
  workspaceIcon: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who authorised the connection at the provider' })
  ownerName: string | null;

  @ApiProperty({ enum: INTEGRATION_STATUSES })
  status: IntegrationStatus;

  @ApiProperty({ description: 'Used when a request names no integration' })
  isDefault: boolean;

  @ApiProperty({ format: 'date-time' })
  connectedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  static from(row: OAuthIntegrationEntity): IntegrationDto {
    return {
      id: row.id,
      provider: row.provider,
      workspaceId: row.workspaceId,
      workspaceName: row.workspaceName,
      workspaceIcon: row.workspaceIcon,
      ownerName: row.ownerName,
      status: row.status,
      isDefault: row.isDefault,
      connectedAt: row.connectedAt.toISOString(),
      lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    };
  }
}
