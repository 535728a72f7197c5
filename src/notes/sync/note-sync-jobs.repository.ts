import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IntegrationDirectory } from '../../oauth/integrations/integration-directory.service';
import { returningRows } from './returning';

/** How a job is re-queued when one is already there: a new sequence number, due now, a fresh attempt budget. */
export const REQUEUE = `ON CONFLICT (note_id) DO UPDATE
  SET seq = note_sync_jobs.seq + 1, run_at = now(), attempts = 0, parked = false, integration_id = EXCLUDED.integration_id`;

/** A job taken by `workerId` for `ms`. */
export interface JobLease {
  workerId: string;
  ms: number;
}

export interface ClaimedJob {
  noteId: string;
  /** Bumped by every enqueue: a job re-enqueued while it ran is run again instead of deleted. */
  seq: number;
  attempts: number;
  /** The integration the job was queued for (null: none, it parks). */
  integrationId?: string | null;
}

/** How long a claimer keeps its list of the integrations it cannot decrypt the tokens of (a key rotation). */
const UNREADABLE_TTL_MS = 5_000;

/**
 * The sync outbox (`note_sync_jobs`): one row per note with work left for Notion. Rows are written in
 * the same transaction as the note change (`enqueue` takes that transaction's manager); workers claim
 * due rows with FOR UPDATE SKIP LOCKED and a lease, so several instances never work one note at once.
 * All times are the database's, so instances need no synchronised clocks.
 */
@Injectable()
export class NoteSyncJobsRepository {
  private unreadable: { ids: string[]; at: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly integrations: IntegrationDirectory,
  ) {}

  /** Queues (or re-queues, due now) the sync of a note. Call inside the transaction that changed the note. */
  async enqueue(manager: EntityManager, noteId: string, integrationId: string | null): Promise<void> {
    await manager.query(`INSERT INTO note_sync_jobs (note_id, integration_id) VALUES ($1, $2) ${REQUEUE}`, [noteId, integrationId]);
  }

  /**
   * Inserts a new note and its job in one statement (one commit): `noteInsert` (an INSERT into notes, its
   * parameters numbered from $1) runs as a common table expression of the job's INSERT. With `lease`, the job
   * is born taken by that worker, which runs it at once (a note written on this instance): it is never due
   * and free, so no claim sees it and no NOTIFY is sent; should the worker die, the lease ends and any
   * instance claims it as usual.
   */
  async insertWithNote(noteInsert: [string, unknown[]], integrationId: string | null, lease?: JobLease): Promise<ClaimedJob> {
    const [sql, params] = noteInsert;
    const n = params.length;
    const [row] = await this.dataSource.query(
      `WITH note AS (${sql} RETURNING id)
       INSERT INTO note_sync_jobs (note_id, integration_id, locked_by, locked_until)
       SELECT id, $${n + 1}::uuid, $${n + 2}::text, CASE WHEN $${n + 2}::text IS NULL THEN NULL ELSE now() + ($${n + 3} || ' milliseconds')::interval END
       FROM note
       RETURNING note_id, seq, attempts`,
      [...params, integrationId, lease?.workerId ?? null, String(lease?.ms ?? 0)],
    );
    return { noteId: row.note_id, seq: row.seq, attempts: row.attempts, integrationId };
  }

  /**
   * Claims up to `limit` due jobs for `leaseMs`, fairly across integrations: each integration's due jobs
   * take turns (its oldest first), and one with jobs already leased (on any instance) starts that many
   * turns later, so no integration holds more than `perIntegration` leases from one claim and a backlog
   * of one never stands in front of another's first job. Integrations in `resting` (at their Notion rate
   * limit, as this instance found) are left out. The lock is taken in turn order with SKIP LOCKED, so
   * claimers that collide skip each other's rows and go on down the turns. Only jobs this instance can run are
   * kept: once the leases are taken, the OAuth module tells which of their integrations have tokens under a
   * key this instance's keyring lacks; those jobs are released at once. Checked after the lease, not only
   * before the claim, so an integration connected in between cannot slip through. To keep such jobs out of
   * the claim in the first place, the claim leaves out the integrations known to be unreadable here (read at
   * most every UNREADABLE_TTL_MS; a stale list costs a release, never a wrong run).
   */
  async claim(
    workerId: string,
    limit: number,
    leaseMs: number,
    fairness: { perIntegration: number; resting: string[] } = { perIntegration: limit, resting: [] },
  ): Promise<ClaimedJob[]> {
    const unreadable = await this.unreadableHere();
    const rows = returningRows<{ note_id: string; seq: number; attempts: number; integration_id: string | null }>(await this.dataSource.query(
      `WITH leased AS (
         SELECT integration_id, count(*)::int AS n FROM note_sync_jobs
         WHERE locked_until >= now() AND integration_id IS NOT NULL GROUP BY integration_id
       ), turns AS (
         SELECT j.note_id, j.run_at,
                coalesce(l.n, 0) + row_number() OVER (PARTITION BY j.integration_id ORDER BY j.run_at, j.note_id) AS turn
         FROM note_sync_jobs j LEFT JOIN leased l ON l.integration_id = j.integration_id
         WHERE NOT j.parked AND j.run_at <= now() AND (j.locked_until IS NULL OR j.locked_until < now())
           AND (j.integration_id IS NULL OR NOT (j.integration_id = ANY($6::uuid[]) OR j.integration_id = ANY($4::uuid[])))
       )
       UPDATE note_sync_jobs SET locked_until = now() + ($3 || ' milliseconds')::interval, locked_by = $1
       WHERE note_id IN (
         SELECT j.note_id FROM note_sync_jobs j JOIN turns t ON t.note_id = j.note_id
         WHERE t.turn <= $5 AND NOT j.parked AND j.run_at <= now() AND (j.locked_until IS NULL OR j.locked_until < now())
         ORDER BY t.turn, t.run_at LIMIT $2
         FOR UPDATE OF j SKIP LOCKED)
       RETURNING note_id, seq, attempts, integration_id`,
      [workerId, limit, String(leaseMs), unreadable, fairness.perIntegration, fairness.resting],
    ));
    const jobs = rows.map((r) => ({ noteId: r.note_id, seq: r.seq, attempts: r.attempts, integrationId: r.integration_id }));
    return this.keepReadable(workerId, jobs);
  }

  /** Releases the claimed jobs whose integration's tokens this instance cannot decrypt, and remembers those. */
  private async keepReadable(workerId: string, jobs: ClaimedJob[]): Promise<ClaimedJob[]> {
    const ids = [...new Set(jobs.flatMap((j) => (j.integrationId ? [j.integrationId] : [])))];
    const unreadable = new Set(await this.integrations.unreadableAmong(ids));
    if (unreadable.size === 0) return jobs;
    // Only the jobs this claim took: a job of the same integration claimed earlier may still be running.
    const [kept, released] = partition(jobs, (j) => !j.integrationId || !unreadable.has(j.integrationId));
    await this.dataSource.query(
      `UPDATE note_sync_jobs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1 AND note_id = ANY($2::uuid[])`,
      [workerId, released.map((j) => j.noteId)],
    );
    this.unreadable = null; // read the list again at the next claim
    return kept;
  }

  /** The integrations known to be unreadable here, read again when older than UNREADABLE_TTL_MS. */
  private async unreadableHere(): Promise<string[]> {
    if (!this.unreadable || Date.now() - this.unreadable.at > UNREADABLE_TTL_MS) {
      this.unreadable = { ids: await this.integrations.unreadableHere(), at: Date.now() };
    }
    return this.unreadable.ids;
  }

  /**
   * Not now: the job's integration is at its Notion rate limit. Its lease goes and it is due again after
   * `delayMs` (the limiter's next window); not an attempt, so nothing counts against the job.
   */
  async defer(job: ClaimedJob, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE note_sync_jobs SET run_at = now() + ($2 || ' milliseconds')::interval, locked_until = NULL, locked_by = NULL
       WHERE note_id = $1`,
      [job.noteId, String(delayMs)],
    );
  }

  /** Done: the job goes unless it was re-enqueued meanwhile, in which case it is released to run again. */
  async complete(manager: EntityManager, job: ClaimedJob): Promise<void> {
    await manager.query(`DELETE FROM note_sync_jobs WHERE note_id = $1 AND seq = $2`, [job.noteId, job.seq]);
    await manager.query(`UPDATE note_sync_jobs SET locked_until = NULL, locked_by = NULL WHERE note_id = $1`, [job.noteId]);
  }

  /** A transient failure: try again after `delayMs` (unless re-enqueued meanwhile, which runs now). */
  async retryLater(manager: EntityManager, job: ClaimedJob, delayMs: number): Promise<void> {
    await manager.query(
      `UPDATE note_sync_jobs
         SET attempts = CASE WHEN seq = $2 THEN attempts + 1 ELSE attempts END,
             run_at = CASE WHEN seq = $2 THEN now() + ($3 || ' milliseconds')::interval ELSE run_at END,
             locked_until = NULL, locked_by = NULL
       WHERE note_id = $1`,
      [job.noteId, job.seq, String(delayMs)],
    );
  }

  /** Waits for the integration to be usable again (reauthorisation). */
  async park(manager: EntityManager, job: ClaimedJob, integrationId: string | null): Promise<void> {
    await manager.query(
      `UPDATE note_sync_jobs SET parked = (seq = $2), integration_id = $3, locked_until = NULL, locked_by = NULL WHERE note_id = $1`,
      [job.noteId, job.seq, integrationId],
    );
  }

  /**
   * Unparks the jobs of active integrations (one integration, or all; the OAuth module tells which are
   * active) whose Notion workspace is not in the trash (or not stored yet), and hands their notes to
   * `unparkNotes` in the same transaction (the notes repository sets them back to pending); returns how many.
   */
  async resumeParked(
    integrationId: string | undefined,
    unparkNotes: (manager: EntityManager, noteIds: string[]) => Promise<void>,
  ): Promise<number> {
    const parked: Array<{ integration_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT integration_id FROM note_sync_jobs WHERE parked AND integration_id IS NOT NULL ${integrationId ? 'AND integration_id = $1' : ''}`,
      integrationId ? [integrationId] : [],
    );
    const active = await this.integrations.activeAmong(parked.map((r) => r.integration_id));
    if (active.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = returningRows<{ note_id: string }>(await manager.query(
        `UPDATE note_sync_jobs j SET parked = false, run_at = now(), attempts = 0
         WHERE j.parked AND j.integration_id = ANY($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM notion_workspaces w WHERE w.integration_id = j.integration_id AND w.state <> 'active')
         RETURNING j.note_id`,
        [active],
      ));
      if (rows.length > 0) await unparkNotes(manager, rows.map((r) => r.note_id));
      return rows.length;
    });
  }

  /** Releases this worker's leases (on shutdown, for jobs it will not finish). */
  async release(workerId: string): Promise<void> {
    await this.dataSource.query(`UPDATE note_sync_jobs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1`, [workerId]);
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM note_sync_jobs`);
    return row.n as number;
  }
}

function partition<T>(items: T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((item) => !keep(item))];
}
