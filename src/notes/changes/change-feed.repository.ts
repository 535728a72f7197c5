import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returningRows } from '../sync/returning';

/** An integration due for a poll, with what the poll needs. */
export interface DuePoll {
  integrationId: string;
  dataSourceId: string;
  cursor: Date;
}

/**
 * The poll state of the change feed (`notion_poll_state`, one row per integration, claimed with SKIP LOCKED
 * and a lease so that one instance polls an integration at a time, all times the database's). Which
 * integrations are active, and which this instance can work for, is the OAuth module's to say.
 */
@Injectable()
export class ChangeFeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Integrations with a stored workspace and no poll state yet. */
  async unpolledWorkspaces(): Promise<string[]> {
    const rows: Array<{ integration_id: string }> = await this.dataSource.query(
      `SELECT w.integration_id FROM notion_workspaces w
       WHERE NOT EXISTS (SELECT 1 FROM notion_poll_state s WHERE s.integration_id = w.integration_id)`,
    );
    return rows.map((r) => r.integration_id);
  }

  /**
   * Starts polling these integrations: the cursor is "now" (edits before the product connected are not news)
   * and the first poll is one interval later. One already started is left as it is.
   */
  async startPolls(integrationIds: string[], intervalMs: number): Promise<void> {
    if (integrationIds.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO notion_poll_state (integration_id, next_poll_at)
       SELECT id, now() + ($2 || ' milliseconds')::interval FROM unnest($1::uuid[]) AS id
       ON CONFLICT (integration_id) DO NOTHING`,
      [integrationIds, String(intervalMs)],
    );
  }

  /** The integrations whose poll is due and not leased (to ask the OAuth module which of them may be polled here). */
  async duePolls(): Promise<string[]> {
    const rows: Array<{ integration_id: string }> = await this.dataSource.query(
      `SELECT integration_id FROM notion_poll_state WHERE next_poll_at <= now() AND (locked_until IS NULL OR locked_until < now())`,
    );
    return rows.map((r) => r.integration_id);
  }

  /**
   * Claims up to `limit` integrations due for a poll, for `leaseMs`, among `pollable` (active ones whose
   * tokens this instance can decrypt) with a stored workspace, the longest due first. SKIP LOCKED:
   * instances that collide skip each other's rows.
   */
  async claimDuePolls(workerId: string, limit: number, leaseMs: number, pollable: string[]): Promise<DuePoll[]> {
    if (pollable.length === 0) return [];
    const rows = returningRows<{ integration_id: string; data_source_id: string; cursor: Date }>(
      await this.dataSource.query(
        `UPDATE notion_poll_state s SET locked_until = now() + ($3 || ' milliseconds')::interval, locked_by = $1
         FROM notion_workspaces w
         WHERE w.integration_id = s.integration_id AND s.integration_id IN (
           SELECT p.integration_id FROM notion_poll_state p
           WHERE p.integration_id = ANY($4::uuid[])
             AND p.next_poll_at <= now() AND (p.locked_until IS NULL OR p.locked_until < now())
           ORDER BY p.next_poll_at LIMIT $2
           FOR UPDATE OF p SKIP LOCKED)
         RETURNING s.integration_id, w.data_source_id, s.cursor`,
        [workerId, limit, String(leaseMs), pollable],
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
}
