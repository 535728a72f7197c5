import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returningRows } from '../sync/returning';

export interface InboxEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * The durable inbox of Notion webhook events (`notion_webhook_events`): one row per event id, so a
 * redelivery (Notion delivers at least once) is recognised by the primary key and worked once. Workers on
 * every instance claim due rows with FOR UPDATE SKIP LOCKED and a lease; a row is marked processed, not
 * deleted, and purged days later, after Notion's retries of it are long over.
 */
@Injectable()
export class WebhookInboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the event is new; false for a redelivery of one already received. */
  async insert(id: string, type: string, payload: unknown): Promise<boolean> {
    const rows = returningRows<{ id: string }>(
      await this.dataSource.query(
        `INSERT INTO notion_webhook_events (id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, type, JSON.stringify(payload)],
      ),
    );
    return rows.length > 0;
  }

  async claim(workerId: string, limit: number, leaseMs: number): Promise<InboxEvent[]> {
    const rows = returningRows<{ id: string; type: string; payload: Record<string, unknown>; attempts: number }>(
      await this.dataSource.query(
        `UPDATE notion_webhook_events SET locked_until = now() + ($3 || ' milliseconds')::interval, locked_by = $1
         WHERE id IN (
           SELECT id FROM notion_webhook_events
           WHERE processed_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
           ORDER BY received_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING id, type, payload, attempts`,
        [workerId, limit, String(leaseMs)],
      ),
    );
    // The order Notion meant (deliveries may arrive out of order): by the event's own timestamp.
    return rows.sort((a, b) => String(a.payload.timestamp ?? '').localeCompare(String(b.payload.timestamp ?? '')));
  }

  /** Worked: `outcome` says what became of it (signalled, own write, unknown workspace, ignored type…). */
  async done(id: string, outcome: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notion_webhook_events SET processed_at = now(), outcome = $2, locked_until = NULL, locked_by = NULL WHERE id = $1`,
      [id, outcome.slice(0, 32)],
    );
  }

  /** A transient failure (the database, the sink): due again after `delayMs`. */
  async retryLater(id: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notion_webhook_events SET attempts = attempts + 1, run_at = now() + ($2 || ' milliseconds')::interval,
         locked_until = NULL, locked_by = NULL WHERE id = $1`,
      [id, String(delayMs)],
    );
  }

  async release(workerId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notion_webhook_events SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1 AND processed_at IS NULL`, [workerId]);
  }

  /** Forgets events processed more than `days` ago (a redelivery that late is not expected). */
  async purge(days: number): Promise<number> {
    const rows = returningRows<{ id: string }>(
      await this.dataSource.query(
        `DELETE FROM notion_webhook_events WHERE processed_at IS NOT NULL AND processed_at < now() - ($1 || ' days')::interval RETURNING id`,
        [String(days)],
      ),
    );
    return rows.length;
  }
}
