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
import type { EntityManager } from 'typeorm';
import {
  NotionObjectNotFoundError,
  NotionUnavailableError,
  NotionValidationFailedError,
  NotionWorkspaceActiveError,
  NotionWorkspaceGoneError,
  NotionWorkspaceTrashedError,
} from '../notion.errors';
import { OAuthIntegrationService } from '../../oauth/integrations/oauth-integration.service';
import { NotionClientFactory } from '../notion-client.factory';
import type { NotionHandle } from '../notion.handle';
import { NotionWorkspaceEntity, type SchemaIssue, type WorkspaceState } from './notion-workspace.entity';
import { LockedWorkspaces, NotionWorkspaceIds, NotionWorkspacesRepository, type WorkspaceCheck } from './notion-workspaces.repository';
import {
  DATABASE_TITLE,
  PROPERTY,
  PROPERTY_TYPES,
  ROOT_PAGE_TITLE,
  WELCOME_TEXT,
  initialProperties,
  relatedProperty,
} from './workspace-layout';

export type NotionWorkspace = NotionWorkspaceIds & { state: WorkspaceState; schemaIssues: SchemaIssue[] };

/**
 * Re-homes the integration's notes into a new Table of Contents, inside the transaction that stores it.
 * `mayHoldPages`: the Table of Contents was adopted (an earlier root of this bot), so notes must look for
 * their page by Note ID before creating one.
 */
export type Rehome = (tx: EntityManager, mayHoldPages: boolean) => Promise<void>;

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
 * used with no Notion call at all. They are the person's: when Notion says they are in the trash or gone,
 * nothing is rebuilt behind the person's back. The state is recorded (`checkWorkspace`), writes stop with
 * NOTION_WORKSPACE_TRASHED (the note sync parks them), and the person chooses: `restore` (un-trashed through
 * the API) or `startNew` (a new root and Table of Contents, every note re-homed into it through the outbox).
 */
@Injectable()
export class NotionWorkspaceManager {
  private readonly logger = new Logger('NotionWorkspaceManager');
  /** Concurrent first calls in this process share one provisioning (and one database connection). */
  private readonly inFlight = new Map<string, Promise<NotionWorkspace>>();

  constructor(
    private readonly repository: NotionWorkspacesRepository,
    private readonly notion: NotionClientFactory,
    private readonly integrations: OAuthIntegrationService,
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

  /**
   * What GET /workspace shows: the stored workspace, with no Notion call while it is active; otherwise
   * Notion is asked again (≤ 3 calls), so that a root the person restored in Notion shows as active.
   */
  async viewForUser(userId: string, integrationId?: string): Promise<NotionWorkspace> {
    const workspace = await this.ensureForUser(userId, integrationId);
    return workspace.state === 'active' ? workspace : this.checkWorkspace(workspace.integrationId);
  }

  /**
   * The stored ids (no Notion call), or the workspace created or adopted now. `read`: the stored ids as a
   * caller already asked for them (`stored`, started alongside other work), instead of reading them again.
   */
  async ensureWorkspace(integrationId: string, read?: Promise<NotionWorkspace | null>): Promise<NotionWorkspace> {
    const stored = read ? await read : await this.stored(integrationId);
    if (stored) return stored;
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
   * Runs `operation` against the workspace. A workspace known not to be active stops it before any Notion
   * call (NOTION_WORKSPACE_TRASHED). When Notion answers that something is gone or in the trash, or refuses
   * one of our properties, the workspace is checked: not active → the state is recorded and the error
   * thrown; active with other property ids (a property added back) → `operation` runs once more; otherwise
   * the error was about the operation's own object (a note page) and is thrown as it came.
   */
  async withWorkspace<T>(integrationId: string, operation: (workspace: NotionWorkspace) => Promise<T>, read?: Promise<NotionWorkspace | null>): Promise<T> {
    const workspace = await this.ensureWorkspace(integrationId, read);
    if (workspace.state !== 'active') throw new NotionWorkspaceTrashedError(workspace.state);
    try {
      return await operation(workspace);
    } catch (error) {
      if (!isGoneError(error) && !isSchemaError(error)) throw error;
      const checked = await this.checkWorkspace(integrationId);
      if (checked.state !== 'active') throw new NotionWorkspaceTrashedError(checked.state);
      if (sameIds(checked, workspace) && sameProperties(checked, workspace)) throw error;
      return operation(checked);
    }
  }

  /**
   * Asks Notion about the stored root page, Table of Contents and its data source (≤ 3 reads; one more
   * write when a property the person deleted is added back) and records the state and schema issues. Called
   * when Notion answers "gone / in the trash" for the workspace, and by the change feed when a webhook or a
   * poll says the root or the database changed. Never creates a root or a Table of Contents.
   */
  async checkWorkspace(integrationId: string): Promise<NotionWorkspace> {
    return this.singleFlight(`check:${integrationId}`, async () => {
      if (!(await this.repository.find(integrationId))) return this.ensureWorkspace(integrationId);
      // Under the workspace lock: a check that read "in the trash" must not record it over a restore that
      // finished meanwhile (the notes would stay parked with the workspace back in place).
      const checked = await this.repository.withLock(integrationId, async (locked) => {
        const stored = await locked.find(integrationId);
        if (!stored) return null;
        const workspace = toIds(stored);
        const check = await this.inspect(this.notion.forIntegration(integrationId), workspace);
        if (check.state !== workspace.state) {
          this.logger.warn({ integrationId, rootPageId: workspace.rootPageId, databaseId: workspace.databaseId, from: workspace.state, to: check.state }, 'Notion workspace state changed');
        }
        const saved = await this.repository.recordCheck(integrationId, workspace.rootPageId, check);
        return saved ? toIds(saved) : workspace;
      });
      return checked ?? this.ensureWorkspace(integrationId);
    });
  }

  /**
   * For the change feed: when `objectId` (a webhook event's entity, a poll's finding) is the integration's root
   * page, Table of Contents or its data source, checks the workspace and returns it; otherwise null, at no
   * Notion call. Ids compare with or without dashes.
   */
  async checkIfWorkspaceObject(integrationId: string, objectId: string): Promise<NotionWorkspace | null> {
    const stored = await this.repository.find(integrationId);
    const bare = (id: string) => id.replace(/-/g, '').toLowerCase();
    if (!stored || ![stored.rootPageId, stored.databaseId, stored.dataSourceId].some((id) => bare(id) === bare(objectId))) return null;
    return this.checkWorkspace(integrationId);
  }

  /**
   * Takes the root page (and the Table of Contents and its data source, when they are in the trash
   * themselves) out of the trash through the API, adds back deleted properties, and records the workspace
   * as active: the notes parked meanwhile then sync into the same Table of Contents. WORKSPACE_GONE
   * when Notion deleted one of them for good.
   */
  async restore(integrationId: string): Promise<NotionWorkspace> {
    if (!(await this.repository.find(integrationId))) return this.ensureWorkspace(integrationId);
    return this.repository.withLock(integrationId, async (locked) => {
      const current = await locked.find(integrationId);
      if (!current) throw new NotionWorkspaceGoneError();
      const workspace = toIds(current);
      const handle = this.notion.forIntegration(integrationId);
      const gone = async () => {
        await this.repository.recordCheck(integrationId, workspace.rootPageId, { state: 'gone', schemaIssues: workspace.schemaIssues });
        return new NotionWorkspaceGoneError();
      };
      const root = await lookup(() => handle.retrievePage({ page_id: workspace.rootPageId }));
      if (!root) throw await gone();
      if (root.in_trash) await handle.updatePage({ page_id: workspace.rootPageId, in_trash: false });
      const database = await lookup(() => handle.retrieveDatabase({ database_id: workspace.databaseId }));
      if (!database) throw await gone();
      // The SDK's databases.update is not in every Notion (the sandbox has none); a database is also its
      // child_database block, which blocks.update takes out of the trash.
      if (database.in_trash) await handle.updateBlock({ block_id: workspace.databaseId, in_trash: false } as never);
      const source = await lookup(() => handle.retrieveDataSource({ data_source_id: workspace.dataSourceId }));
      if (!source) throw await gone();
      if (source.in_trash) await handle.updateDataSource({ data_source_id: workspace.dataSourceId, in_trash: false });
      const { propertyIds, schemaIssues } = await this.repairProperties(handle, source as DataSourceObjectResponse, workspace.propertyIds);
      return this.store(locked, { ...workspace, propertyIds }, 'restored', undefined, { schemaIssues });
    });
  }

  /**
   * A new root page and Table of Contents for a workspace that is in the trash or gone, and every note of
   * the integration re-homed into it: `rehome` runs in the transaction that stores the new ids (the notes
   * repository clears their page ids and queues them in the outbox, where the create-with-adoption by Note
   * ID writes each page exactly once). Concurrent calls (any instance) create one workspace: the loser gets
   * the winner's. An earlier root of this bot that is not in the trash is adopted rather than duplicated.
   */
  async startNew(integrationId: string, rehome: Rehome): Promise<NotionWorkspace> {
    const seen = await this.repository.find(integrationId);
    if (!seen) return this.ensureWorkspace(integrationId);
    if (seen.state === 'active') throw new NotionWorkspaceActiveError();
    const stale = toIds(seen);
    return this.untilProvisioned(integrationId, stale, () =>
      this.repository.withLock(integrationId, async (locked) => {
        const current = await locked.find(integrationId);
        // Another request started anew while this one waited for the lock: its workspace is the answer.
        if (current && !sameIds(toIds(current), stale)) return toIds(current);
        if (current?.state === 'active') throw new NotionWorkspaceActiveError();
        return this.provision(locked, this.notion.forIntegration(integrationId), 'started anew', stale, rehome);
      }),
    );
  }

  /** What Notion says of the stored workspace; see checkWorkspace. */
  private async inspect(handle: NotionHandle, workspace: NotionWorkspace): Promise<WorkspaceCheck> {
    const kept = { schemaIssues: workspace.schemaIssues };
    const root = await lookup(() => handle.retrievePage({ page_id: workspace.rootPageId }));
    if (!root) return { state: 'gone', ...kept };
    if (root.in_trash) return { state: 'root_trashed', ...kept };
    const database = await lookup(() => handle.retrieveDatabase({ database_id: workspace.databaseId }));
    if (!database) return { state: 'gone', ...kept };
    if (database.in_trash) return { state: 'toc_trashed', ...kept };
    const source = await lookup(() => handle.retrieveDataSource({ data_source_id: workspace.dataSourceId }));
    if (!source) return { state: 'gone', ...kept };
    if (source.in_trash) return { state: 'toc_trashed', ...kept };
    const { propertyIds, schemaIssues } = await this.repairProperties(handle, source as DataSourceObjectResponse, workspace.propertyIds);
    return { state: 'active', schemaIssues, propertyIds };
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
  private async provision(locked: LockedWorkspaces, handle: NotionHandle, reason: string, stale: NotionWorkspace | null, rehome?: Rehome): Promise<NotionWorkspace> {
    const integrationId = handle.integrationId;
    return this.withAttempt(locked, integrationId, (attempt) => this.provisionAs(attempt, locked, handle, reason, stale, rehome));
  }

  private async provisionAs(
    attempt: string,
    locked: LockedWorkspaces,
    handle: NotionHandle,
    reason: string,
    stale: NotionWorkspace | null,
    rehome?: Rehome,
  ): Promise<NotionWorkspace> {
    const integrationId = handle.integrationId;
    // The bot id stored at connect saves a users.me; a bot that never had a root of ours saves the search.
    const botId = (await this.integrations.botIdOf(integrationId)) ?? (await handle.me()).id;
    const orphan = (await locked.mayHaveRoot(botId)) ? await this.findOrphanRoot(handle, botId) : null;
    if (orphan) {
      const database = await this.findDatabaseIn(handle, orphan.id);
      // The stored root itself (its Table of Contents trashed or gone): the new one replaces the stored one.
      const replacing = stale && orphan.id === stale.rootPageId ? stale.databaseId : null;
      const parts = database ?? (await this.createDatabase(locked, handle, attempt, orphan.id, replacing));
      const alongside = rehome && ((tx: EntityManager) => rehome(tx, database !== null));
      return this.store(locked, { ...parts, integrationId, rootPageId: orphan.id, rootPageUrl: orphan.url }, `${reason}: adopted an earlier root`, attempt, { alongside });
    }
    const rootStep = `root:${stale?.rootPageId ?? 'none'}`;
    await this.claim(locked, integrationId, rootStep, attempt);
    // Before the call: if its answer is lost (the page made all the same), the next attempt searches and adopts it.
    await locked.recordRootOf(botId);
    const root = await handle.createPage({
      parent: { type: 'workspace', workspace: true },
      icon: { type: 'emoji', emoji: '🤖' },
      properties: { title: { title: text(ROOT_PAGE_TITLE) } },
      children: WELCOME_TEXT.map((line) => ({ paragraph: { rich_text: text(line) } })),
    });
    await locked.recordCreated(integrationId, rootStep, attempt, root.id);
    const rootUrl = isFullPage(root) ? root.url : '';
    const parts = await this.createDatabase(locked, handle, attempt, root.id, null);
    const alongside = rehome && ((tx: EntityManager) => rehome(tx, false));
    return this.store(locked, { ...parts, integrationId, rootPageId: root.id, rootPageUrl: rootUrl }, `${reason}: created`, attempt, { alongside });
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

  private async store(
    locked: LockedWorkspaces,
    ids: NotionWorkspaceIds,
    reason: string,
    attempt?: string,
    options: { alongside?: (tx: EntityManager) => Promise<void>; schemaIssues?: SchemaIssue[] } = {},
  ): Promise<NotionWorkspace> {
    const saved = await locked.save(ids, attempt, options.alongside, options.schemaIssues);
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
        const { propertyIds } = await this.repairProperties(handle, source as DataSourceObjectResponse, {});
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
    return { databaseId: database.id, databaseUrl: database.url, dataSourceId, propertyIds: readSchema(source as DataSourceObjectResponse, {}).ids };
  }

  /**
   * Adds back any of our properties the data source lost, in one request. A property is ours when its stored
   * id is still there (the person may have renamed it: it is addressed by id) or, failing that, by its name.
   * One whose type the person changed is reported as a schema issue and left alone: not written, not
   * replaced (adding it back under its name would collide with theirs).
   */
  private async repairProperties(
    handle: NotionHandle,
    source: DataSourceObjectResponse,
    known: Record<string, string>,
  ): Promise<{ propertyIds: Record<string, string>; schemaIssues: SchemaIssue[] }> {
    if (!isFullDataSource(source)) return { propertyIds: known, schemaIssues: [] };
    const { ids, issues, missing } = readSchema(source, known);
    if (missing.length === 0) return { propertyIds: ids, schemaIssues: issues };
    const additions = Object.fromEntries(
      missing.map((name) => [name, name === PROPERTY.related ? relatedProperty(source.id) : (initialProperties()[name] as object)]),
    );
    this.logger.warn({ dataSourceId: source.id, missing }, 'Adding back missing Notion properties');
    const updated = await handle.updateDataSource({ data_source_id: source.id, properties: additions as never });
    const after = readSchema(updated as DataSourceObjectResponse, ids);
    return { propertyIds: after.ids, schemaIssues: after.issues };
  }
}

/** The object, or null when Notion says it is gone (404, or not shared with the integration any more). */
async function lookup<T extends object>(fetch: () => Promise<T>): Promise<(T & { in_trash?: boolean }) | null> {
  try {
    return (await fetch()) as T & { in_trash?: boolean };
  } catch (error) {
    if (error instanceof NotionObjectNotFoundError) return null;
    throw error;
  }
}

/** Our properties in the data source: their ids, those whose type the person changed, and those missing. */
function readSchema(source: DataSourceObjectResponse, known: Record<string, string>): { ids: Record<string, string>; issues: SchemaIssue[]; missing: string[] } {
  const properties = Object.values(source.properties ?? {});
  const ids: Record<string, string> = {};
  const issues: SchemaIssue[] = [];
  const missing: string[] = [];
  for (const [name, type] of Object.entries(PROPERTY_TYPES)) {
    const byId = known[name] ? properties.find((p) => p.id === known[name]) : undefined;
    const match = byId ?? properties.find((p) => p.name === name);
    if (!match) missing.push(name);
    else if (match.type === type) ids[name] = match.id;
    else issues.push({ property: name, kind: 'type_changed', expected: type, found: match.type });
  }
  return { ids, issues, missing };
}

function isGoneError(error: unknown): boolean {
  return error instanceof NotionObjectNotFoundError || (error instanceof NotionValidationFailedError && error.targetInTrash);
}

/** Notion refused one of our properties: the person deleted it, or changed its type. */
function isSchemaError(error: unknown): boolean {
  return error instanceof NotionValidationFailedError && /is not a property that exists|is expected to be/.test(error.notionMessage);
}

function toIds(entity: NotionWorkspaceEntity): NotionWorkspace {
  const { integrationId, rootPageId, rootPageUrl, databaseId, databaseUrl, dataSourceId, propertyIds, state, schemaIssues } = entity;
  return { integrationId, rootPageId, rootPageUrl, databaseId, databaseUrl, dataSourceId, propertyIds, state, schemaIssues };
}

function sameProperties(a: NotionWorkspace, b: NotionWorkspace): boolean {
  return JSON.stringify(Object.entries(a.propertyIds).sort()) === JSON.stringify(Object.entries(b.propertyIds).sort());
}

function sameIds(a: NotionWorkspace, b: NotionWorkspace): boolean {
  return a.rootPageId === b.rootPageId && a.databaseId === b.databaseId && a.dataSourceId === b.dataSourceId;
}
