import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { NotionWorkspaceEntity } from './notion-workspace.entity';

export type NotionWorkspaceIds = Pick<
  NotionWorkspaceEntity,
  'integrationId' | 'rootPageId' | 'rootPageUrl' | 'databaseId' | 'databaseUrl' | 'dataSourceId' | 'propertyIds'
>;

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

/** The table as seen by the holder of the lock. */
export class LockedWorkspaces {
  constructor(private readonly manager: EntityManager) {}

  find(integrationId: string): Promise<NotionWorkspaceEntity | null> {
    return this.manager.findOneBy(NotionWorkspaceEntity, { integrationId });
  }

  async save(ids: NotionWorkspaceIds): Promise<NotionWorkspaceEntity> {
    await this.manager.upsert(NotionWorkspaceEntity, ids, ['integrationId']);
    return (await this.find(ids.integrationId)) as NotionWorkspaceEntity;
  }
}
