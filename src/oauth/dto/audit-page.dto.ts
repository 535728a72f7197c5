import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type OAuthAuditEntryEntity } from '../audit/oauth-audit-entry.entity';

export class AuditEntryDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: string;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome: string;

  @ApiProperty({ type: String, nullable: true, example: 'invalid_grant' })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(row: OAuthAuditEntryEntity): AuditEntryDto {
    return {
      id: String(row.id),
      action: row.action,
      outcome: row.outcome,
      reason: row.reason,
      requestId: row.requestId,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' })
  items: AuditEntryDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}
