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
  constructor(
    @InjectRepository(NotionWorkspaceEntity) private readonly workspaces: Repository<NotionWorkspaceEntity>,
    private readonly dataSource: DataSource,
  ) {}

  find(integrationId: string): Promise<NotionWorkspaceEntity | null> {
    return this.workspaces.findOneBy({ integrationId });
  }

  /**
   * Runs `work` in a transaction holding a Postgres advisory lock on the integration, so that only one
   * caller on any instance creates or heals its workspace; the others wait and then find the result.
   */
  withLock<T>(integrationId: string, work: (locked: LockedWorkspaces) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`notion_workspace:${integrationId}`]);
      return work(new LockedWorkspaces(manager));
    });
  }
}

/** The table as seen from inside the lock (same transaction). */
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
