import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { NotionWorkspaceEntity, type SchemaIssue, type WorkspaceState } from './notion-workspace.entity';

export type NotionWorkspaceIds = Pick<
  NotionWorkspaceEntity,
  'integrationId' | 'rootPageId' | 'rootPageUrl' | 'databaseId' | 'databaseUrl' | 'dataSourceId' | 'propertyIds'
>;

/** What a check of the workspace against Notion found. */
export interface WorkspaceCheck {
  state: WorkspaceState;
  schemaIssues: SchemaIssue[];
  /** Only when the data source was read (the property ids found, after any repair). */
  propertyIds?: Record<string, string>;
}

/** The notion_workspaces table, and the per-integration lock under which a workspace is created or healed. */
@Injectable()
export class NotionWorkspacesRepository {
  /** The tail of each integration's in-process queue for the lock. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @InjectRepository(NotionWorkspaceEntity) private readonly workspaces: Repository<NotionWorkspaceEntity>,
    private readonly dataSource: DataSource,
  ) {}

  find(integrationId: string): Promise<NotionWorkspaceEntity | null> {
    return this.workspaces.findOneBy({ integrationId });
  }

  /**
   * Records what a check found, for the workspace whose root is `rootPageId` (a check of ids replaced
   * meanwhile by a start-new records nothing). Returns the row as stored.
   */
  async recordCheck(integrationId: string, rootPageId: string, check: WorkspaceCheck): Promise<NotionWorkspaceEntity | null> {
    await this.dataSource.query(
      `UPDATE notion_workspaces
         SET state = $3, schema_issues = $4::jsonb, property_ids = coalesce($5::jsonb, property_ids), state_checked_at = now(), updated_at = now()
       WHERE integration_id = $1 AND root_page_id = $2`,
      [integrationId, rootPageId, check.state, JSON.stringify(check.schemaIssues), check.propertyIds ? JSON.stringify(check.propertyIds) : null],
    );
    return this.find(integrationId);
  }

  /**
   * Runs `work` while holding a lock on the integration, so that only one caller on any instance creates or
   * heals its workspace; the others wait and then find the result. The lock is a session-level advisory lock
   * on a connection of its own, not a transaction: `work` calls Notion, and the token vault needs the
   * database meanwhile (on the embedded database an open transaction would hold PGlite's one session and
   * stall every other query until it ends). Callers in this process also queue in memory, since PGlite's
   * one session would grant the advisory lock to all of them at once.
   */
  withLock<T>(integrationId: string, work: (locked: LockedWorkspaces) => Promise<T>): Promise<T> {
    const previous = this.queues.get(integrationId) ?? Promise.resolve();
    const run = previous.then(() => this.withAdvisoryLock(integrationId, () => work(new LockedWorkspaces(this.dataSource.manager))));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(integrationId, settled);
    void settled.then(() => {
      if (this.queues.get(integrationId) === settled) this.queues.delete(integrationId);
    });
    return run;
  }


  private async withAdvisoryLock<T>(integrationId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = `notion_workspace:${integrationId}`;
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}

/** An unfinished claim older than this belongs to an attempt that died; another may take it over. */
const CLAIM_LEASE_MS = 120_000;

/** The table as seen by the holder of the lock, with the claims that make each creation happen once. */
export class LockedWorkspaces {
  constructor(private readonly manager: EntityManager) {}

  find(integrationId: string): Promise<NotionWorkspaceEntity | null> {
    return this.manager.findOneBy(NotionWorkspaceEntity, { integrationId });
  }

  /**
   * Claims the right to create the thing `step` names, before the Notion call that creates it. True when
   * this attempt holds the claim: it is new, or its holder died (unfinished past the lease), or it finished
   * but the stored workspace no longer holds what it created. False when another attempt holds it.
   */
  async claim(integrationId: string, step: string, attemptId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO "notion_provisioning_claims" AS c ("integration_id", "step", "attempt_id")
       VALUES ($1, $2, $3)
       ON CONFLICT ("integration_id", "step") DO UPDATE
         SET "attempt_id" = EXCLUDED."attempt_id", "claimed_at" = now(), "created_id" = NULL, "completed_at" = NULL
         WHERE c."attempt_id" = EXCLUDED."attempt_id"
            OR (c."completed_at" IS NULL AND c."claimed_at" < now() - make_interval(secs => $4::double precision / 1000))
            OR (c."completed_at" IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM "notion_workspaces" w
                  WHERE w."integration_id" = c."integration_id" AND c."created_id" IN (w."root_page_id", w."database_id")))
       RETURNING "step"`,
      [integrationId, step, attemptId, CLAIM_LEASE_MS],
    );
    return rows.length === 1;
  }

  /** Whether a root page of this bot may exist already (see `recordRootOf`). */
  async mayHaveRoot(botId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM "notion_bot_roots" WHERE "bot_id" = $1`, [botId]);
    return rows.length > 0;
  }

  /** Before a root page is created: from now on, a provisioning for this bot looks for an earlier root first. */
  async recordRootOf(botId: string): Promise<void> {
    await this.manager.query(`INSERT INTO "notion_bot_roots" ("bot_id") VALUES ($1) ON CONFLICT DO NOTHING`, [botId]);
  }

  /** Notes what the claimed step created, so a later attempt can tell whether the workspace still holds it. */
  async recordCreated(integrationId: string, step: string, attemptId: string, createdId: string): Promise<void> {
    await this.manager.query(
      `UPDATE "notion_provisioning_claims" SET "created_id" = $4 WHERE "integration_id" = $1 AND "step" = $2 AND "attempt_id" = $3`,
      [integrationId, step, attemptId, createdId],
    );
  }

  /**
   * Gives up the attempt's unfinished claims after its Notion call failed, so that the next attempt need not
   * wait for the lease: it starts again by looking for what this one may have created after all (adoption).
   */
  async release(integrationId: string, attemptId: string): Promise<void> {
    await this.manager.query(
      `DELETE FROM "notion_provisioning_claims" WHERE "integration_id" = $1 AND "attempt_id" = $2 AND "completed_at" IS NULL`,
      [integrationId, attemptId],
    );
  }

  /**
   * Stores the ids (an active workspace) and, in the same transaction, finishes the claims of the attempt
   * that produced them and runs `alongside` (a start-new re-homes the notes in it: both happen or neither).
   */
  async save(ids: NotionWorkspaceIds, attemptId?: string, alongside?: (tx: EntityManager) => Promise<void>, schemaIssues: SchemaIssue[] = []): Promise<NotionWorkspaceEntity> {
    await this.manager.transaction(async (tx) => {
      await tx.upsert(NotionWorkspaceEntity, { ...ids, state: 'active', schemaIssues, stateCheckedAt: new Date() }, ['integrationId']);
      if (alongside) await alongside(tx);
      if (attemptId) {
        await tx.query(
          `UPDATE "notion_provisioning_claims" SET "completed_at" = now() WHERE "integration_id" = $1 AND "attempt_id" = $2`,
          [ids.integrationId, attemptId],
        );
      }
    });
    return (await this.find(ids.integrationId)) as NotionWorkspaceEntity;
  }
}
