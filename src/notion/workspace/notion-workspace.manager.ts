import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import {
  isFullBlock,
  isFullDatabase,
  isFullDataSource,
  isFullPage,
  type DataSourceObjectResponse,
  type PageObjectResponse,
  type SearchResponse,
} from '@notionhq/client';
import { NotionObjectNotFoundError, NotionUnavailableError, NotionValidationFailedError } from '../notion.errors';
import { NotionClientFactory } from '../notion-client.factory';
import type { NotionHandle } from '../notion.handle';
import { NotionWorkspaceEntity } from './notion-workspace.entity';
import { LockedWorkspaces, NotionWorkspaceIds, NotionWorkspacesRepository } from './notion-workspaces.repository';
import {
  DATABASE_TITLE,
  PROPERTY,
  PROPERTY_TYPES,
  ROOT_PAGE_TITLE,
  WELCOME_TEXT,
  initialProperties,
  relatedProperty,
} from './workspace-layout';

export type NotionWorkspace = NotionWorkspaceIds;

const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const plain = (items: Array<{ plain_text: string }>) => items.map((t) => t.plain_text).join('');

/** How long a caller waits for another attempt's provisioning of the same integration, and how often it looks. */
const CLAIM_WAIT_MS = 30_000;
const CLAIM_POLL_MS = 100;

/** Another attempt holds the claim on this creation step: wait for its result instead of creating twice. */
class ProvisioningClaimedElsewhere extends Error {}

/**
 * Each integration's "Personal Assistant" root page and its "Table of Contents" database: created once
 * (or adopted, when an earlier root of this bot lost its ids), remembered in Postgres, and afterwards
 * used with no Notion call at all. When Notion says they are gone or in the trash, they are rebuilt
 * and the caller's operation is retried once.
 */
@Injectable()
export class NotionWorkspaceManager {
  private readonly logger = new Logger('NotionWorkspaceManager');
  /** Concurrent first calls in this process share one provisioning (and one database connection). */
  private readonly inFlight = new Map<string, Promise<NotionWorkspace>>();

  constructor(
    private readonly repository: NotionWorkspacesRepository,
    private readonly notion: NotionClientFactory,
  ) {}

  /** The user's workspace (their default integration, or `integrationId` if it is theirs). */
  async ensureForUser(userId: string, integrationId?: string): Promise<NotionWorkspace> {
    const handle = await this.notion.forUser(userId, integrationId);
    return this.ensureWorkspace(handle.integrationId);
  }

  /** The stored ids, or null before first use (never a Notion call). */
  async stored(integrationId: string): Promise<NotionWorkspace | null> {
    const found = await this.repository.find(integrationId);
    return found ? toIds(found) : null;
  }

  /** The stored ids (no Notion call), or the workspace created or adopted now. */
  async ensureWorkspace(integrationId: string): Promise<NotionWorkspace> {
    const stored = await this.repository.find(integrationId);
    if (stored) return toIds(stored);
    return this.singleFlight(`ensure:${integrationId}`, () =>
      this.untilProvisioned(integrationId, null, () =>
        this.repository.withLock(integrationId, async (locked) => {
          const found = await locked.find(integrationId);
          if (found) return toIds(found);
          return this.provision(locked, this.notion.forIntegration(integrationId), 'first use', null);
        }),
      ),
    );
  }

  /**
   * Runs `operation` against the workspace; if Notion answers that the workspace's page or database is
   * gone or in the trash, heals the workspace and runs it once more with the new ids.
   */
  async withWorkspace<T>(integrationId: string, operation: (workspace: NotionWorkspace) => Promise<T>): Promise<T> {
    const workspace = await this.ensureWorkspace(integrationId);
    try {
      return await operation(workspace);
    } catch (error) {
      if (!isGoneError(error)) throw error;
      return operation(await this.heal(integrationId, workspace));
    }
  }

  /** Checks the stored workspace against Notion and rebuilds what is missing; returns the ids to use. */
  async heal(integrationId: string, stale: NotionWorkspace): Promise<NotionWorkspace> {
    return this.singleFlight(`heal:${integrationId}`, () =>
      this.untilProvisioned(integrationId, stale, () =>
        this.repository.withLock(integrationId, async (locked) => {
          const current = await locked.find(integrationId);
          // Someone else healed it while we waited for the lock.
          if (current && !sameIds(toIds(current), stale)) return toIds(current);
          const handle = this.notion.forIntegration(integrationId);
          const root = await this.retrieveLive(() => handle.retrievePage({ page_id: stale.rootPageId }));
          if (!root || !isFullPage(root)) return this.provision(locked, handle, 'root page gone or in the trash', stale);
          const database = await this.retrieveLive(() => handle.retrieveDatabase({ database_id: stale.databaseId }));
          if (!database) {
            return this.withAttempt(locked, integrationId, async (attempt) => {
              const created = await this.createDatabase(locked, handle, attempt, stale.rootPageId, stale.databaseId);
              const ids = { ...created, integrationId, rootPageId: stale.rootPageId, rootPageUrl: stale.rootPageUrl };
              return this.store(locked, ids, 'database gone or in the trash', attempt);
            });
          }
          const source = await handle.retrieveDataSource({ data_source_id: stale.dataSourceId });
          const propertyIds = await this.repairProperties(handle, source as DataSourceObjectResponse, stale.propertyIds);
          return this.store(locked, { ...stale, propertyIds }, 'schema checked');
        }),
      ),
    );
  }

  /**
   * Runs `attempt`; when another attempt holds a creation claim for this integration, waits for that
   * attempt's result (stored ids other than `stale`) instead: the database's claim, not a lock, is what
   * finally keeps a second root or database from being created.
   */
  private async untilProvisioned(integrationId: string, stale: NotionWorkspace | null, attempt: () => Promise<NotionWorkspace>): Promise<NotionWorkspace> {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ProvisioningClaimedElsewhere)) throw error;
    }
    const deadline = Date.now() + CLAIM_WAIT_MS;
    while (Date.now() < deadline) {
      await sleep(CLAIM_POLL_MS);
      const current = await this.repository.find(integrationId);
      if (current && !(stale && sameIds(toIds(current), stale))) return toIds(current);
    }
    // The holder may have died; once its claim is past the lease, a later call takes it over.
    throw new NotionUnavailableError();
  }

  private async singleFlight(key: string, work: () => Promise<NotionWorkspace>): Promise<NotionWorkspace> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Adopts this bot's earlier root (matched by title and creator) or creates a new one, then stores the ids. */
  private async provision(locked: LockedWorkspaces, handle: NotionHandle, reason: string, stale: NotionWorkspace | null): Promise<NotionWorkspace> {
    const integrationId = handle.integrationId;
    return this.withAttempt(locked, integrationId, (attempt) => this.provisionAs(attempt, locked, handle, reason, stale));
  }

  private async provisionAs(attempt: string, locked: LockedWorkspaces, handle: NotionHandle, reason: string, stale: NotionWorkspace | null): Promise<NotionWorkspace> {
    const integrationId = handle.integrationId;
    const bot = await handle.me();
    const orphan = await this.findOrphanRoot(handle, bot.id);
    if (orphan) {
      const database = await this.findDatabaseIn(handle, orphan.id);
      const parts = database ?? (await this.createDatabase(locked, handle, attempt, orphan.id, null));
      return this.store(locked, { ...parts, integrationId, rootPageId: orphan.id, rootPageUrl: orphan.url }, `${reason}: adopted an earlier root`, attempt);
    }
    const rootStep = `root:${stale?.rootPageId ?? 'none'}`;
    await this.claim(locked, integrationId, rootStep, attempt);
    const root = await handle.createPage({
      parent: { type: 'workspace', workspace: true },
      icon: { type: 'emoji', emoji: '🤖' },
      properties: { title: { title: text(ROOT_PAGE_TITLE) } },
      children: WELCOME_TEXT.map((line) => ({ paragraph: { rich_text: text(line) } })),
    });
    await locked.recordCreated(integrationId, rootStep, attempt, root.id);
    const rootUrl = isFullPage(root) ? root.url : '';
    const parts = await this.createDatabase(locked, handle, attempt, root.id, null);
    return this.store(locked, { ...parts, integrationId, rootPageId: root.id, rootPageUrl: rootUrl }, `${reason}: created`, attempt);
  }

  /** Runs one provisioning attempt under its own id; if it fails, its unfinished claims are given up. */
  private async withAttempt<T>(locked: LockedWorkspaces, integrationId: string, work: (attempt: string) => Promise<T>): Promise<T> {
    const attempt = randomUUID();
    try {
      return await work(attempt);
    } catch (error) {
      await locked.release(integrationId, attempt);
      throw error;
    }
  }

  private async claim(locked: LockedWorkspaces, integrationId: string, step: string, attempt: string): Promise<void> {
    if (await locked.claim(integrationId, step, attempt)) return;
    this.logger.log({ integrationId, step }, 'Notion workspace step claimed by another attempt; waiting for its result');
    throw new ProvisioningClaimedElsewhere(step);
  }

  private async store(locked: LockedWorkspaces, ids: NotionWorkspaceIds, reason: string, attempt?: string): Promise<NotionWorkspace> {
    const saved = await locked.save(ids, attempt);
    this.logger.log({ integrationId: ids.integrationId, rootPageId: ids.rootPageId, databaseId: ids.databaseId, reason }, 'Notion workspace stored');
    return toIds(saved);
  }

  /** Every page of the search results: the earlier root may come after any number of pages with a similar title. */
  private async findOrphanRoot(handle: NotionHandle, botId: string): Promise<PageObjectResponse | null> {
    const results: SearchResponse['results'] = [];
    let cursor: string | undefined;
    do {
      const found = await handle.search({ query: ROOT_PAGE_TITLE, filter: { property: 'object', value: 'page' }, page_size: 100, start_cursor: cursor });
      results.push(...found.results);
      cursor = found.has_more ? (found.next_cursor ?? undefined) : undefined;
    } while (cursor);
    const candidates = results
      .filter(isFullPage)
      .filter((page) => page.parent.type === 'workspace' && page.created_by.id === botId && !page.in_trash)
      .filter((page) => Object.values(page.properties).some((p) => p.type === 'title' && plain(p.title) === ROOT_PAGE_TITLE))
      .sort((a, b) => a.created_time.localeCompare(b.created_time));
    return candidates[0] ?? null;
  }

  /** The notes database among the root's children (the first inline database titled as ours). */
  private async findDatabaseIn(handle: NotionHandle, rootPageId: string): Promise<Omit<NotionWorkspaceIds, 'integrationId' | 'rootPageId' | 'rootPageUrl'> | null> {
    let cursor: string | undefined;
    do {
      const page = await handle.listBlockChildren({ block_id: rootPageId, start_cursor: cursor, page_size: 100 });
      const block = page.results.filter(isFullBlock).find((b) => b.type === 'child_database' && b.child_database.title === DATABASE_TITLE);
      if (block) {
        const database = await handle.retrieveDatabase({ database_id: block.id });
        if (!isFullDatabase(database) || database.in_trash || database.data_sources.length === 0) return null;
        const source = await handle.retrieveDataSource({ data_source_id: database.data_sources[0].id });
        const propertyIds = await this.repairProperties(handle, source as DataSourceObjectResponse, {});
        return { databaseId: database.id, databaseUrl: database.url, dataSourceId: source.id, propertyIds };
      }
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return null;
  }

  /** Creates the Table of Contents in the root, once per root and replaced database (`replacing`). */
  private async createDatabase(locked: LockedWorkspaces, handle: NotionHandle, attempt: string, rootPageId: string, replacing: string | null) {
    const step = `database:${rootPageId}:${replacing ?? 'none'}`;
    await this.claim(locked, handle.integrationId, step, attempt);
    const database = await handle.createDatabase({
      parent: { type: 'page_id', page_id: rootPageId },
      title: text(DATABASE_TITLE),
      is_inline: true,
      initial_data_source: { properties: initialProperties() },
    });
    if (!isFullDatabase(database)) throw new Error('Notion answered database creation without the database');
    await locked.recordCreated(handle.integrationId, step, attempt, database.id);
    const dataSourceId = database.data_sources[0].id;
    const source = await handle.updateDataSource({ data_source_id: dataSourceId, properties: { [PROPERTY.related]: relatedProperty(dataSourceId) } });
    return { databaseId: database.id, databaseUrl: database.url, dataSourceId, propertyIds: propertyIdsOf(source as DataSourceObjectResponse, {}) };
  }

  /**
   * Adds back any of our properties the data source lost, in one request. A property counts as present
   * when its stored id is still there (a user's rename is kept) or when one of that name and type exists.
   */
  private async repairProperties(handle: NotionHandle, source: DataSourceObjectResponse, known: Record<string, string>): Promise<Record<string, string>> {
    if (!isFullDataSource(source)) return known;
    const ids = propertyIdsOf(source, known);
    const missing = Object.keys(PROPERTY_TYPES).filter((name) => !ids[name]);
    if (missing.length === 0) return ids;
    const additions = Object.fromEntries(
      missing.map((name) => [name, name === PROPERTY.related ? relatedProperty(source.id) : (initialProperties()[name] as object)]),
    );
    this.logger.warn({ dataSourceId: source.id, missing }, 'Adding back missing Notion properties');
    const updated = await handle.updateDataSource({ data_source_id: source.id, properties: additions as never });
    return propertyIdsOf(updated as DataSourceObjectResponse, ids);
  }

  /** The object, or null when Notion says it is gone or it is in the trash. */
  private async retrieveLive<T extends object>(fetch: () => Promise<T>): Promise<T | null> {
    try {
      const found = await fetch();
      return (found as { in_trash?: boolean }).in_trash ? null : found;
    } catch (error) {
      if (error instanceof NotionObjectNotFoundError) return null;
      throw error;
    }
  }
}

function propertyIdsOf(source: DataSourceObjectResponse, known: Record<string, string>): Record<string, string> {
  const properties = Object.values(source.properties ?? {});
  const ids: Record<string, string> = {};
  for (const [name, type] of Object.entries(PROPERTY_TYPES)) {
    const byId = known[name] ? properties.find((p) => p.id === known[name]) : undefined;
    const byName = properties.find((p) => p.name === name && p.type === type);
    const match = byId ?? byName;
    if (match) ids[name] = match.id;
  }
  return ids;
}

function isGoneError(error: unknown): boolean {
  return error instanceof NotionObjectNotFoundError || (error instanceof NotionValidationFailedError && error.targetInTrash);
}

function toIds(entity: NotionWorkspaceEntity): NotionWorkspace {
  const { integrationId, rootPageId, rootPageUrl, databaseId, databaseUrl, dataSourceId, propertyIds } = entity;
  return { integrationId, rootPageId, rootPageUrl, databaseId, databaseUrl, dataSourceId, propertyIds };
}

function sameIds(a: NotionWorkspace, b: NotionWorkspace): boolean {
  return a.rootPageId === b.rootPageId && a.databaseId === b.databaseId && a.dataSourceId === b.dataSourceId;
}
