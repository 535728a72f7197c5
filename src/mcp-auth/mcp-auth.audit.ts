import { Injectable } from '@nestjs/common';
import { OAuthAuditLog } from '../oauth/audit/oauth-audit.log';
import type { McpGrantEntity } from './mcp-auth.entities';

/** Grants, refreshes and revocations of AI clients, in the person's OAuth audit log (provider `mcp`). */
@Injectable()
export class McpAuthAudit {
  constructor(private readonly log: OAuthAuditLog) {}

  async record(grant: Pick<McpGrantEntity, 'userId' | 'clientId'>, action: 'connect' | 'refresh' | 'revoke', why?: string): Promise<void> {
    const reason = `client:${grant.clientId}${why ? ` ${why}` : ''}`;
    await this.log.record({ userId: grant.userId, integrationId: null, provider: 'mcp', action, outcome: 'success', reason });
  }
}
