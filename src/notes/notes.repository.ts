import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { NoteType } from './enhancer/enhancement';
import { NoteLinkEntity } from './note-link.entity';
import { NoteEntity, type SyncStatus } from './note.entity';
import { NoteNotFoundError } from './notes.errors';
import { NoteSyncJobsRepository } from './sync/note-sync-jobs.repository';
import { returningRows } from './sync/returning';

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

  /** Inserts a new note and queues its sync, atomically. */
  async insertAndEnqueue(note: NoteEntity): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(NoteEntity, note);
      await this.jobs.enqueue(manager, note.id, note.integrationId);
    });
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

  /** Marks a note changed for Notion (a new version, pending) and queues its sync, in `manager`'s transaction. */
  async bumpForNotion(manager: EntityManager, note: Pick<NoteEntity, 'id' | 'integrationId'>): Promise<void> {
    await manager.query(`UPDATE notes SET version = version + 1, sync_status = 'pending', updated_at = now() WHERE id = $1`, [note.id]);
    await this.jobs.enqueue(manager, note.id, note.integrationId);
  }

  /**
   * Re-homes every note of the integration into a new Table of Contents (start-new), in `manager`'s
   * transaction, the one that stores the new workspace: their pages are forgotten, a new version is marked
   * and each is queued in the outbox, where the create (with adoption by Note ID) writes it exactly once.
   * `mayHoldPages` (an adopted Table of Contents): each note first looks for its page there by Note ID.
   */
  async rehomeAll(manager: EntityManager, integrationId: string, mayHoldPages: boolean): Promise<number> {
    const notes = returningRows<{ id: string }>(await manager.query(
      `UPDATE notes SET notion_page_id = NULL, notion_url = NULL, notion_create_started = $2,
         version = version + 1, sync_status = 'pending', sync_attempts = 0, last_sync_error = NULL
       WHERE integration_id = $1 RETURNING id`,
      [integrationId, mayHoldPages],
    ));
    for (const note of notes) await this.jobs.enqueue(manager, note.id, integrationId);
    return notes.length;
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
