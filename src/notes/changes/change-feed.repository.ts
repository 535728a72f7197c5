import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returningRows } from '../sync/returning';

/** A connected integration an event may concern: who its bot is, and who installed it. */
export interface FeedIntegration {
  id: string;
  botId: string;
  ownerId: string | null;
}

/** An integration due for a poll, with what the poll needs. */
export interface DuePoll {
  integrationId: string;
  dataSourceId: string;
  cursor: Date;
}

/** What the product last knew of a note page's edit time (see the migration 1796800000000). */
export interface NoteEditTimes {
  pageId: string;
  notionEditedAt: Date | null;
  notionConfirmedAt: Date | null;
}

/**
 * The SQL of the change feed outside its inbox: which integrations an event's workspace maps to, the
 * per-integration poll state (`notion_poll_state`, claimed with SKIP LOCKED and a lease so that one
 * instance polls an integration at a time, all times the database's), and the edit times the poller
 * compares rows against.
 */
@Injectable()
export class ChangeFeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active Notion integrations connected to this workspace. */
  async integrationsInWorkspace(workspaceId: string): Promise<FeedIntegration[]> {
    const rows: Array<{ id: string; bot_id: string; owner_id: string | null }> = await this.dataSource.query(
      `SELECT id, bot_id, owner_id FROM oauth_integrations WHERE provider = 'notion' AND status = 'active' AND workspace_id = $1`,
      [workspaceId],
    );
    return rows.map((r) => ({ id: r.id, botId: r.bot_id, ownerId: r.owner_id }));
  }

  /**
   * Claims up to `limit` integrations due for a poll, for `leaseMs`: active ones with a stored workspace
   * whose tokens this instance can decrypt (encrypted under one of `keyIds`). A poll state row is made for
   * each on first sight, its cursor "now" (edits before the product connected are not news) and its first
   * poll one interval later. SKIP LOCKED: instances that collide skip each other's rows.
   */
  async claimDuePolls(workerId: string, limit: number, leaseMs: number, intervalMs: number, keyIds: string[]): Promise<DuePoll[]> {
    await this.dataSource.query(
      `INSERT INTO notion_poll_state (integration_id, next_poll_at)
       SELECT w.integration_id, now() + ($1 || ' milliseconds')::interval
       FROM notion_workspaces w JOIN oauth_integrations i ON i.id = w.integration_id
       WHERE i.status = 'active' AND NOT EXISTS (SELECT 1 FROM notion_poll_state s WHERE s.integration_id = w.integration_id)
       ON CONFLICT (integration_id) DO NOTHING`,
      [String(intervalMs)],
    );
    const rows = returningRows<{ integration_id: string; data_source_id: string; cursor: Date }>(
      await this.dataSource.query(
        `UPDATE notion_poll_state s SET locked_until = now() + ($3 || ' milliseconds')::interval, locked_by = $1
         FROM notion_workspaces w
         WHERE w.integration_id = s.integration_id AND s.integration_id IN (
           SELECT p.integration_id FROM notion_poll_state p JOIN oauth_integrations i ON i.id = p.integration_id
           WHERE i.status = 'active' AND i.key_id = ANY($4::text[])
             AND p.next_poll_at <= now() AND (p.locked_until IS NULL OR p.locked_until < now())
           ORDER BY p.next_poll_at LIMIT $2
           FOR UPDATE OF p SKIP LOCKED)
         RETURNING s.integration_id, w.data_source_id, s.cursor`,
        [workerId, limit, String(leaseMs), keyIds],
      ),
    );
    return rows.map((r) => ({ integrationId: r.integration_id, dataSourceId: r.data_source_id, cursor: new Date(r.cursor) }));
  }

  /**
   * The poll ran (or failed, `error` says how): the next one is due `delayMs` from now, and the cursor
   * moves to `cursor` if that is later (never back).
   */
  async finishPoll(integrationId: string, delayMs: number, cursor: Date | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE notion_poll_state
         SET next_poll_at = now() + ($2 || ' milliseconds')::interval, locked_until = NULL, locked_by = NULL,
             cursor = CASE WHEN $3::timestamptz IS NULL THEN cursor ELSE greatest(cursor, $3::timestamptz) END,
             last_polled_at = CASE WHEN $4::text IS NULL THEN now() ELSE last_polled_at END, last_error = $4
       WHERE integration_id = $1`,
      [integrationId, String(delayMs), cursor ? cursor.toISOString() : null, error?.slice(0, 64) ?? null],
    );
  }

  /** Not now (the integration is at its Notion rate limit): due again after `delayMs`, untouched. */
  async deferPoll(integrationId: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notion_poll_state SET next_poll_at = now() + ($2 || ' milliseconds')::interval, locked_until = NULL, locked_by = NULL
       WHERE integration_id = $1`,
      [integrationId, String(delayMs)],
    );
  }

  async releasePolls(workerId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notion_poll_state SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1`, [workerId]);
  }

  /** The recorded edit times of the integration's notes on these pages (pages that are no note are left out). */
  async noteEditTimes(integrationId: string, pageIds: string[]): Promise<Map<string, NoteEditTimes>> {
    if (pageIds.length === 0) return new Map();
    const rows: Array<{ notion_page_id: string; notion_edited_at: Date | null; notion_confirmed_at: Date | null }> = await this.dataSource.query(
      `SELECT notion_page_id, notion_edited_at, notion_confirmed_at FROM notes WHERE integration_id = $1 AND notion_page_id = ANY($2::uuid[])`,
      [integrationId, pageIds],
    );
    return new Map(
      rows.map((r) => [r.notion_page_id, { pageId: r.notion_page_id, notionEditedAt: r.notion_edited_at, notionConfirmedAt: r.notion_confirmed_at }]),
    );
  }
}
