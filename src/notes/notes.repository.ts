import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { NoteType } from './enhancer/enhancement';
import { NoteLinkEntity } from './note-link.entity';
import { NoteEntity, type NoteConflict, type NotionBlockRef, type SyncedBase, type SyncStatus } from './note.entity';
import { stateHash, type ReplacedValue } from './sync/note-merge';
import type { PulledFields } from './sync/note-state';
import { NoteNotFoundError } from './notes.errors';
import { type ClaimedJob, type JobLease, NoteSyncJobsRepository, REQUEUE } from './sync/note-sync-jobs.repository';
import { returningRows } from './sync/returning';

/** A note changed for Notion: a new version, pending (see `bumpForNotion`). */
const BUMPED_FOR_NOTION = `version = version + 1, sync_status = 'pending', updated_at = now()`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NoteFilters {
  q?: string;
  type?: NoteType;
  tag?: string;
  status?: SyncStatus;
  trashed?: boolean;
}

/** Where a page of results continues: after a (created, id) pair, or at an offset of a ranked search. */
export type PageAfter = { createdAt: string; id: string } | { offset: number };

export interface RelatedRow {
  note: NoteEntity;
  sharedTags: string[];
  score: number;
}

/** What one sync attempt found and did, to record with the job's completion. */
export interface SyncOutcome {
  /** Notion now holds `base` (written or read), its top-level blocks being `blocks`. */
  written?: { base: SyncedBase; blocks: NotionBlockRef[] | null; editedAt: string | null; pulled: boolean; url?: string };
  /** The note's fields that follow Notion (a merge's result). */
  fields?: PulledFields;
  conflict?: NoteConflict;
  replaced?: ReplacedValue[];
  /** The page is gone from Notion for good. */
  missing?: boolean;
  /** The note was a stand-in for a row that turned out to be another note's page: it is gone. */
  dropped?: boolean;
  /** The attempt created the note's page (with `written`): recorded by `recordCreated`. */
  created?: { id: string; url: string };
}

export interface NoteRevision {
  field: string;
  value: unknown;
  source: 'product' | 'notion';
  reason: string;
  createdAt: Date;
}

/** What the product last knew of a note page's edit time (see the migration 1796800000000). */
export interface NoteEditTimes {
  pageId: string;
  notionEditedAt: Date | null;
  notionConfirmedAt: Date | null;
}

/**
 * What the product knows of a note's page in Notion besides where it is (the merge base, its hash, the
 * blocks, the edit times): forgotten together, whenever it may not hold for the page.
 */
export const UNKNOWN_PAGE_CONTENT = {
  syncedBase: null,
  notionHash: null,
  notionBlocks: null,
  notionEditedAt: null,
  notionConfirmedAt: null,
} as const satisfies Partial<NoteEntity>;

/**
 * The note's page forgotten altogether: its next sync writes it to a new page, or, with `createStarted`,
 * first looks for one by its Note ID and adopts it.
 */
export function withoutPage(createStarted: boolean) {
  return {
    ...UNKNOWN_PAGE_CONTENT,
    notionPageId: null,
    notionUrl: null,
    notionCreateStarted: createStarted,
    notionMissing: false,
    pullRequestedAt: null,
  } as const satisfies QueryDeepPartialEntity<NoteEntity>;
}

/**
 * The notes tables. Every read a user can trigger is scoped to the user; the few unscoped reads are for
 * the sync worker, which works by note id. Writes that Notion must see enqueue the sync job in the same
 * transaction (the outbox).
 */
@Injectable()
export class NotesRepository {
  constructor(
    @InjectRepository(NoteEntity) private readonly notes: Repository<NoteEntity>,
    @InjectRepository(NoteLinkEntity) private readonly links: Repository<NoteLinkEntity>,
    private readonly jobs: NoteSyncJobsRepository,
    private readonly dataSource: DataSource,
  ) {}

  /** The user's note, or the same 404 as a note that does not exist. */
  async findOwned(userId: string, id: string): Promise<NoteEntity> {
    const note = UUID.test(id) ? await this.notes.findOneBy({ id, userId }) : null;
    if (!note) throw new NoteNotFoundError();
    return note;
  }

  findById(id: string): Promise<NoteEntity | null> {
    return this.notes.findOneBy({ id });
  }

  /**
   * Inserts a new note and queues its sync, atomically, in one statement. With `lease` the job is born taken
   * by that worker (see NoteSyncJobsRepository.insertWithNote); the job is returned.
   */
  insertAndEnqueue(note: NoteEntity, lease?: JobLease): Promise<ClaimedJob> {
    const insert = this.dataSource.createQueryBuilder().insert().into(NoteEntity).values(note).getQueryAndParameters();
    return this.jobs.insertWithNote(insert, note.integrationId, lease);
  }

  /**
   * Applies the user's changes and queues the sync, atomically. Only the given columns are written (never
   * the sync columns the worker owns, so a stale read here cannot undo what it recorded); `version` (and
   * `content_version` when the content changed) go up in SQL.
   */
  async changeAndEnqueue(note: NoteEntity, changes: QueryDeepPartialEntity<NoteEntity>, options: { contentChanged?: boolean; newVersion?: boolean } = {}): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(NoteEntity)
        .set({
          ...changes,
          syncStatus: 'pending',
          ...(options.newVersion === false ? {} : { version: () => 'version + 1' }),
          ...(options.contentChanged ? { contentVersion: () => 'content_version + 1' } : {}),
        })
        .where('id = :id', { id: note.id })
        .execute();
      await this.jobs.enqueue(manager, note.id, note.integrationId);
    });
  }

  async list(userId: string, filters: NoteFilters, after: PageAfter | null, limit: number): Promise<NoteEntity[]> {
    const query = this.notes.createQueryBuilder('n').where('n.user_id = :userId', { userId });
    query.andWhere(filters.trashed ? 'n.trashed_at IS NOT NULL' : 'n.trashed_at IS NULL');
    if (filters.type) query.andWhere('n.type = :type', { type: filters.type });
    if (filters.tag) query.andWhere('n.tags @> :tag::jsonb', { tag: JSON.stringify([filters.tag]) });
    if (filters.status) query.andWhere('n.sync_status = :status', { status: filters.status });
    if (filters.q) {
      query
        .andWhere(`n.search_vector @@ websearch_to_tsquery('english', :q)`, { q: filters.q })
        .orderBy(`ts_rank(n.search_vector, websearch_to_tsquery('english', :q))`, 'DESC')
        .addOrderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'DESC')
        .offset(after && 'offset' in after ? after.offset : 0);
    } else {
      if (after && 'createdAt' in after) {
        query.andWhere('(n.created_at, n.id) < (:afterCreated::timestamptz, :afterId::uuid)', { afterCreated: after.createdAt, afterId: after.id });
      }
      query.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC');
    }
    return query.limit(limit).getMany();
  }

  /** The user's notes by id (unknown or foreign ids are left out). */
  findManyOwned(userId: string, ids: string[]): Promise<NoteEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.notes.createQueryBuilder('n').where('n.user_id = :userId AND n.id IN (:...ids)', { userId, ids }).getMany();
  }

  linkTargets(sourceId: string): Promise<NoteEntity[]> {
    return this.notes
      .createQueryBuilder('n')
      .innerJoin(NoteLinkEntity, 'l', 'l.target_note_id = n.id')
      .where('l.source_note_id = :sourceId', { sourceId })
      .orderBy('l.created_at', 'ASC')
      .getMany();
  }

  backlinks(targetId: string): Promise<NoteEntity[]> {
    return this.notes
      .createQueryBuilder('n')
      .innerJoin(NoteLinkEntity, 'l', 'l.source_note_id = n.id')
      .where('l.target_note_id = :targetId', { targetId })
      .orderBy('l.created_at', 'ASC')
      .getMany();
  }

  async linkTargetIds(sourceIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(sourceIds.map((id) => [id, []]));
    if (sourceIds.length === 0) return map;
    const rows = await this.links.createQueryBuilder('l').where('l.source_note_id IN (:...sourceIds)', { sourceIds }).orderBy('l.created_at', 'ASC').getMany();
    for (const row of rows) map.get(row.sourceNoteId)?.push(row.targetNoteId);
    return map;
  }

  /** Adds the link and queues the source's sync (its Related property), atomically. False when it existed. */
  async addLink(source: NoteEntity, targetId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = returningRows(await manager.query(
        `INSERT INTO note_links (source_note_id, target_note_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING source_note_id`,
        [source.id, targetId, source.userId],
      ));
      if (inserted.length === 0) return false;
      await this.bumpForNotion(manager, source);
      return true;
    });
  }

  async removeLink(source: NoteEntity, targetId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const removed = returningRows(await manager.query(
        `DELETE FROM note_links WHERE source_note_id = $1 AND target_note_id = $2 RETURNING source_note_id`,
        [source.id, targetId],
      ));
      if (removed.length === 0) return false;
      await this.bumpForNotion(manager, source);
      return true;
    });
  }

  /**
   * A change feed signal: the integration's notes on these pages get their pull requested and their job
   * queued, atomically. Returns the pages that are notes (of this integration only).
   */
  async requestPull(integrationId: string, pageIds: string[]): Promise<Set<string>> {
    if (pageIds.length === 0) return new Set();
    return this.dataSource.transaction(async (manager) => {
      const rows = returningRows<{ id: string; notion_page_id: string }>(await manager.query(
        `UPDATE notes SET pull_requested_at = date_trunc('milliseconds', now()) WHERE integration_id = $1 AND notion_page_id = ANY($2::uuid[]) RETURNING id, notion_page_id`,
        [integrationId, pageIds],
      ));
      for (const row of rows) await this.jobs.enqueue(manager, row.id, integrationId);
      return new Set(rows.map((r) => r.notion_page_id));
    });
  }

  /**
   * A row the person added to the integration's Table of Contents: a note of the integration's owner
   * (`userId`), empty until its job pulls the page (which also writes the Note ID back). False when the
   * page is a note already.
   */
  async insertImported(integration: { id: string; userId: string }, pageId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = returningRows<{ id: string }>(await manager.query(
        `INSERT INTO notes (id, user_id, integration_id, original_content, content, title, type, enhancer, notion_page_id,
                            notion_create_started, sync_status, version, synced_version, content_version, synced_content_version,
                            created_at, pull_requested_at)
         VALUES (gen_random_uuid(), $3, $1, '', '', '', 'idea', 'none', $2, true, 'pending', 1, 1, 1, 1, now(), date_trunc('milliseconds', now()))
         ON CONFLICT (integration_id, notion_page_id) WHERE notion_page_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [integration.id, pageId, integration.userId],
      ));
      if (inserted.length === 0) return false;
      await this.jobs.enqueue(manager, inserted[0].id, integration.id);
      return true;
    });
  }

  async markCreateStarted(noteId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notes SET notion_create_started = true WHERE id = $1`, [noteId]);
  }

  /**
   * The note's page, once created. A change feed may have seen the new row first and taken it for one the
   * person added (an import not yet pulled): that stand-in goes.
   */
  async storePage(noteId: string, page: { id: string; url: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `DELETE FROM notes WHERE notion_page_id = $2 AND id <> $1 AND last_pulled_at IS NULL AND original_content = ''
           AND integration_id = (SELECT integration_id FROM notes WHERE id = $1)`,
        [noteId, page.id],
      );
      await manager.query(`UPDATE notes SET notion_page_id = $2, notion_url = $3 WHERE id = $1`, [noteId, page.id, page.url]);
    });
  }

  /**
   * An imported row turned out to be the page of one of the integration's own notes (its Note ID names it,
   * and that note has no page yet or this one): the stand-in goes and that note takes its page. True if so.
   */
  async dropImportOf(imported: NoteEntity, noteId: string): Promise<boolean> {
    if (!UUID.test(noteId) || noteId === imported.id) return false;
    return this.dataSource.transaction(async (manager) => {
      const owner = returningRows<{ id: string }>(await manager.query(
        `SELECT id FROM notes WHERE id = $1 AND integration_id = $2 AND (notion_page_id IS NULL OR notion_page_id = $3) FOR UPDATE`,
        [noteId, imported.integrationId, imported.notionPageId],
      ));
      if (owner.length === 0) return false;
      await manager.query(`DELETE FROM notes WHERE id = $1`, [imported.id]);
      return true;
    });
  }

  /**
   * Records the attempt that created the note's page (`base` is what it wrote), the job's fate and the
   * re-queueing of the notes that link to it (their Related can name the page now), in one statement: one
   * round trip and one commit on the path of every new note. It does what `storePage`, `recordSynced` and
   * `requeueLinkSources` with `NoteSyncJobsRepository.complete` do, as one: a stand-in import of the page
   * goes; what Notion holds is recorded if the note did not change meanwhile (else forgotten, as in
   * `recordSynced`); the job goes unless re-queued meanwhile, in which case it is released to run again.
   * Returns the note as recorded.
   */
  async recordCreated(note: NoteEntity, page: { id: string; url: string }, base: SyncedBase, job: ClaimedJob): Promise<NoteEntity | null> {
    const rows = returningRows<Record<string, unknown>>(await this.dataSource.query(
      `WITH stand_in AS (
         DELETE FROM notes WHERE notion_page_id = $2 AND id <> $1 AND last_pulled_at IS NULL AND original_content = ''
           AND integration_id IS NOT DISTINCT FROM $4::uuid
         RETURNING id
       ), recorded AS (
         UPDATE notes SET notion_page_id = $2, notion_url = $3,
           synced_base = CASE WHEN version = $5 THEN $7::jsonb ELSE synced_base END,
           notion_hash = CASE WHEN version = $5 THEN $8 ELSE NULL END,
           notion_blocks = CASE WHEN version = $5 THEN NULL ELSE notion_blocks END,
           notion_edited_at = CASE WHEN version = $5 THEN NULL ELSE notion_edited_at END,
           notion_confirmed_at = CASE WHEN version = $5 THEN now() ELSE NULL END,
           pull_requested_at = CASE WHEN version = $5 AND pull_requested_at IS NOT DISTINCT FROM $9::timestamptz THEN NULL ELSE pull_requested_at END,
           synced_version = $5, synced_content_version = $6, sync_attempts = 0, last_sync_error = NULL, synced_at = now(),
           sync_status = CASE WHEN version = $5 THEN 'synced' ELSE 'pending' END
         WHERE id = $1
         RETURNING *
       ), job_done AS (
         DELETE FROM note_sync_jobs WHERE note_id = $1 AND seq = $10
       ), job_again AS (
         UPDATE note_sync_jobs SET locked_until = NULL, locked_by = NULL WHERE note_id = $1 AND seq <> $10
       ), sources AS (
         SELECT n.id, n.integration_id FROM notes n JOIN note_links l ON l.source_note_id = n.id
         WHERE l.target_note_id = $1 AND n.id NOT IN (SELECT id FROM stand_in)
       ), sources_bumped AS (
         UPDATE notes SET ${BUMPED_FOR_NOTION} WHERE id IN (SELECT id FROM sources)
       ), sources_queued AS (
         INSERT INTO note_sync_jobs (note_id, integration_id) SELECT id, integration_id FROM sources ${REQUEUE}
       )
       SELECT * FROM recorded`,
      [note.id, page.id, page.url, note.integrationId, note.version, note.contentVersion, JSON.stringify(base), stateHash(base), note.pullRequestedAt, job.seq],
    ));
    return rows.length > 0 ? this.hydrate(rows[0]) : null;
  }

  /** A notes row read by raw SQL, as TypeORM would hydrate it. */
  private hydrate(row: Record<string, unknown>): NoteEntity {
    const metadata = this.notes.metadata;
    const note = metadata.create() as NoteEntity;
    for (const column of metadata.columns) column.setEntityValue(note, this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
    return note;
  }

  /**
   * Records a successful sync attempt in `manager`'s transaction. What Notion holds now (the merge base, its
   * hash and blocks) and the fields pulled from it are written only if the note did not change meanwhile
   * (its version is the one the attempt worked on); otherwise the attempt's knowledge of Notion is
   * forgotten, so that the next attempt reads the page and merges again from the older base.
   */
  async recordSynced(manager: EntityManager, note: NoteEntity, outcome: SyncOutcome): Promise<void> {
    if (outcome.dropped) return;
    if (outcome.missing) {
      await manager.query(
        `UPDATE notes SET notion_missing = true, sync_status = 'failed', sync_attempts = 0, pull_requested_at = NULL,
           last_sync_error = 'NOTION_PAGE_GONE: the page is no longer in Notion; retry the sync to write it again' WHERE id = $1`,
        [note.id],
      );
      return;
    }
    if (outcome.written) {
      const { base, blocks, editedAt, pulled } = outcome.written;
      const fields = outcome.fields ?? {};
      const set: string[] = [];
      const params: unknown[] = [note.id, note.version, JSON.stringify(base), stateHash(base), blocks ? JSON.stringify(blocks) : null, editedAt, pulled, note.pullRequestedAt, outcome.conflict ? JSON.stringify(outcome.conflict) : null, outcome.written.url ?? null];
      const column = (name: string, value: unknown) => {
        params.push(value);
        set.push(`${name} = $${params.length}`);
      };
      if (fields.title !== undefined) column('title', fields.title);
      if (fields.type !== undefined) column('type', fields.type);
      if (fields.tags !== undefined) column('tags', JSON.stringify(fields.tags));
      if (fields.summary !== undefined) column('summary', fields.summary);
      if (fields.content !== undefined) column('content', fields.content);
      if (fields.trashedAt !== undefined) column('trashed_at', fields.trashedAt);
      const updated = returningRows(await manager.query(
        `UPDATE notes SET synced_base = $3, notion_hash = $4, notion_blocks = $5, notion_edited_at = $6, notion_confirmed_at = now(),
           last_pulled_at = CASE WHEN $7 THEN now() ELSE last_pulled_at END,
           pull_requested_at = CASE WHEN pull_requested_at IS NOT DISTINCT FROM $8::timestamptz THEN NULL ELSE pull_requested_at END,
           conflict = coalesce($9::jsonb, conflict), notion_url = coalesce($10, notion_url)${set.map((s) => `, ${s}`).join('')}
         WHERE id = $1 AND version = $2 RETURNING id`,
        params,
      ));
      if (updated.length === 0) {
        await manager.query(`UPDATE notes SET notion_hash = NULL, notion_confirmed_at = NULL WHERE id = $1`, [note.id]);
      } else {
        for (const r of outcome.replaced ?? []) {
          await manager.query(`INSERT INTO note_revisions (note_id, field, value, source, reason) VALUES ($1, $2, $3, $4, $5)`, [
            note.id,
            r.field,
            JSON.stringify(r.value),
            r.source,
            r.reason.slice(0, 200),
          ]);
        }
      }
    }
    await manager.query(
      `UPDATE notes SET synced_version = $2, synced_content_version = $3, sync_attempts = 0, last_sync_error = NULL, synced_at = now(),
         sync_status = CASE WHEN version = $2 THEN 'synced' ELSE 'pending' END
       WHERE id = $1`,
      [note.id, note.version, note.contentVersion],
    );
  }

  /*
   * A failed attempt, recorded in `manager`'s transaction with its job's fate. An attempt that may have
   * written to the page leaves what Notion holds unconfirmed (notion_confirmed_at), so the next one reads it.
   */

  /** The integration needs reauthorising: the note waits for it. */
  async markNeedsReauth(manager: EntityManager, noteId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE notes SET sync_status = 'needs_reauth', last_sync_error = $2, notion_confirmed_at = NULL WHERE id = $1`, [noteId, reason]);
  }

  /** Notes whose parked jobs resumed: pending again, unless something else happened to them meanwhile. */
  async markResumed(manager: EntityManager, noteIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE notes SET sync_status = 'pending', last_sync_error = NULL
       WHERE id = ANY($1::uuid[]) AND (sync_status = 'needs_reauth' OR (sync_status = 'pending' AND last_sync_error LIKE 'NOTION_WORKSPACE_TRASHED%'))`,
      [noteIds],
    );
  }

  /** The integration's Notion workspace is not usable (in the trash): the note waits, pending, with no attempt counted. */
  async markWaitingForWorkspace(manager: EntityManager, noteId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE notes SET sync_status = 'pending', last_sync_error = $2 WHERE id = $1`, [noteId, reason]);
  }

  /** No more attempts: the note's sync failed (a retry starts it again). */
  async markFailed(manager: EntityManager, noteId: string, attempts: number, reason: string): Promise<void> {
    await manager.query(
      `UPDATE notes SET sync_status = 'failed', sync_attempts = $2, last_sync_error = $3, notion_confirmed_at = NULL WHERE id = $1`,
      [noteId, attempts, reason],
    );
  }

  /** Tried again later: the note stays pending. */
  async markRetrying(manager: EntityManager, noteId: string, attempts: number, reason: string): Promise<void> {
    await manager.query(
      `UPDATE notes SET sync_status = 'pending', sync_attempts = $2, last_sync_error = $3, notion_confirmed_at = NULL WHERE id = $1`,
      [noteId, attempts, reason],
    );
  }

  /** The values merges replaced, newest first. */
  async revisions(noteId: string, limit = 50): Promise<NoteRevision[]> {
    const rows: Array<{ field: string; value: unknown; source: 'product' | 'notion'; reason: string; created_at: Date }> = await this.dataSource.query(
      `SELECT field, value, source, reason, created_at FROM note_revisions WHERE note_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [noteId, limit],
    );
    return rows.map((r) => ({ field: r.field, value: r.value, source: r.source, reason: r.reason, createdAt: new Date(r.created_at) }));
  }

  /** Marks a note changed for Notion (a new version, pending) and queues its sync, in `manager`'s transaction. */
  async bumpForNotion(manager: EntityManager, note: Pick<NoteEntity, 'id' | 'integrationId'>): Promise<void> {
    await manager.query(`UPDATE notes SET ${BUMPED_FOR_NOTION} WHERE id = $1`, [note.id]);
    await this.jobs.enqueue(manager, note.id, note.integrationId);
  }

  /**
   * Re-homes every note of the integration into a new Table of Contents (start-new), in `manager`'s
   * transaction, the one that stores the new workspace: their pages are forgotten, a new version is marked
   * and each is queued in the outbox, where the create (with adoption by Note ID) writes it exactly once.
   * `mayHoldPages` (an adopted Table of Contents): each note first looks for its page there by Note ID.
   */
  async rehomeAll(manager: EntityManager, integrationId: string, mayHoldPages: boolean): Promise<number> {
    // Rows seen in the old Table of Contents but never pulled have nothing to carry over.
    await manager.query(`DELETE FROM notes WHERE integration_id = $1 AND last_pulled_at IS NULL AND original_content = '' AND synced_base IS NULL`, [integrationId]);
    // What the product knew of the old pages (merge base, hash, blocks, times) does not apply to the new ones.
    const { raw } = await manager
      .createQueryBuilder()
      .update(NoteEntity)
      .set({
        ...withoutPage(mayHoldPages),
        version: () => 'version + 1',
        syncStatus: 'pending',
        syncAttempts: 0,
        lastSyncError: null,
        // Not a change of the note's own: the time of its last one stays (merges weigh Notion's edits against it).
        updatedAt: () => 'updated_at',
      })
      .where('integration_id = :integrationId', { integrationId })
      .returning('id')
      .execute();
    const notes = raw as Array<{ id: string }>;
    for (const note of notes) await this.jobs.enqueue(manager, note.id, integrationId);
    return notes.length;
  }

  /** The recorded edit times of the integration's notes on these pages (pages that are no note are left out). */
  async editTimesOf(integrationId: string, pageIds: string[]): Promise<Map<string, NoteEditTimes>> {
    if (pageIds.length === 0) return new Map();
    const rows: Array<{ notion_page_id: string; notion_edited_at: Date | null; notion_confirmed_at: Date | null }> = await this.dataSource.query(
      `SELECT notion_page_id, notion_edited_at, notion_confirmed_at FROM notes WHERE integration_id = $1 AND notion_page_id = ANY($2::uuid[])`,
      [integrationId, pageIds],
    );
    return new Map(
      rows.map((r) => [r.notion_page_id, { pageId: r.notion_page_id, notionEditedAt: r.notion_edited_at, notionConfirmedAt: r.notion_confirmed_at }]),
    );
  }

  /** Notes that link to `targetId` (their Related property can now name its page). */
  async requeueLinkSources(manager: EntityManager, targetId: string): Promise<void> {
    const sources: Array<{ id: string; integration_id: string | null }> = await manager.query(
      `SELECT n.id, n.integration_id FROM notes n JOIN note_links l ON l.source_note_id = n.id WHERE l.target_note_id = $1`,
      [targetId],
    );
    for (const source of sources) await this.bumpForNotion(manager, { id: source.id, integrationId: source.integration_id });
  }

  /**
   * Other live notes of the user that share tags with `note` or match its words, best first: shared
   * tags count 1 each, plus the full-text rank of the note's title, tags and topics against them.
   */
  async related(note: NoteEntity, limit: number): Promise<RelatedRow[]> {
    const words = [...note.tags.flatMap((t) => t.split('-')), ...note.keyTopics.flatMap((t) => t.split(/[\s-]+/)), ...note.title.split(/\s+/)]
      .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))
      .filter((w) => w.length > 2);
    const query = [...new Set(words)].slice(0, 30).join(' or ');
    const rows: Array<{ id: string; shared: string[]; score: number }> = await this.dataSource.query(
      `WITH q AS (SELECT CASE WHEN $4 = '' THEN NULL ELSE websearch_to_tsquery('english', $4) END AS query)
       SELECT n.id,
              ARRAY(SELECT jsonb_array_elements_text(n.tags) INTERSECT SELECT jsonb_array_elements_text($3::jsonb)) AS shared,
              (SELECT count(*) FROM (SELECT jsonb_array_elements_text(n.tags) INTERSECT SELECT jsonb_array_elements_text($3::jsonb)) s)
                + coalesce(ts_rank(n.search_vector, q.query), 0) AS score
       FROM notes n, q
       WHERE n.user_id = $1 AND n.id <> $2 AND n.trashed_at IS NULL
         AND (n.tags ?| ARRAY(SELECT jsonb_array_elements_text($3::jsonb)) OR (q.query IS NOT NULL AND n.search_vector @@ q.query))
       ORDER BY score DESC, n.created_at DESC
       LIMIT $5`,
      [note.userId, note.id, JSON.stringify(note.tags), query, limit],
    );
    const notes = await this.findManyOwned(note.userId, rows.map((r) => r.id));
    const byId = new Map(notes.map((n) => [n.id, n]));
    return rows.filter((r) => byId.has(r.id)).map((r) => ({ note: byId.get(r.id) as NoteEntity, sharedTags: r.shared, score: Number(r.score) }));
  }
}
