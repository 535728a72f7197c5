import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { OAuthAuditEntryEntity, type AuditAction, type AuditOutcome } from './oauth-audit-entry.entity';
import { RequestMetaContext } from './request-meta.context';

export interface AuditEvent {
  userId: string;
  integrationId: string | null;
  provider: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** A short code (a provider error code, a decrypt reason); never free text from outside, never a token. */
  reason?: string | null;
}

/** Appends to `oauth_audit_log` with the current request's id, IP and user agent; reads it back per page. */
@Injectable()
export class OAuthAuditLog {
  private readonly logger = new Logger('OAuthAudit');

  constructor(
    @InjectRepository(OAuthAuditEntryEntity) private readonly entries: Repository<OAuthAuditEntryEntity>,
    private readonly meta: RequestMetaContext,
  ) {}

  /** Records an event, inside `manager`'s transaction when given (so it commits or rolls back with the change). */
  async record(event: AuditEvent, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(OAuthAuditEntryEntity) : this.entries;
    const { requestId, ip, userAgent } = this.meta.current;
    await repository.insert({
      userId: event.userId,
      integrationId: event.integrationId,
      provider: event.provider,
      action: event.action,
      outcome: event.outcome,
      reason: event.reason ? event.reason.slice(0, 200) : null,
      requestId,
      ip,
      userAgent,
    });
    this.logger.log({ audit: { ...event, requestId } }, `oauth ${event.action} ${event.outcome}`);
  }

  /** Newest first. */
  async page(integrationId: string, limit: number, offset: number): Promise<{ items: OAuthAuditEntryEntity[]; total: number }> {
    const [items, total] = await this.entries.findAndCount({
      where: { integrationId },
      order: { id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }
}
