import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { NotionNotConnectedError } from '../../notion/notion.errors';
import { NotionClientFactory } from '../../notion/notion-client.factory';
import { NotionRateLimiter } from '../../notion/notion-rate.limiter';
import type { NotionHandle } from '../../notion/notion.handle';
import { NotionWorkspaceManager, type NotionWorkspace } from '../../notion/workspace/notion-workspace.manager';
import type { NoteEntity } from '../note.entity';
import { NotesRepository } from '../notes.repository';
import { NotePageWriter, type NotionPageRef } from './note-page.writer';
import { NoteSyncEvents } from './note-sync.events';
import { type ClaimedJob, NoteSyncJobsRepository } from './note-sync-jobs.repository';
import { classifySyncFailure, retryDelayMs } from './sync-failure';

/**
 * Brings one note's page in Notion up to date with the row: creates it (one call for most notes), or
 * updates properties, relation, trash state and, when it changed, the content. Exactly once: before the
 * first create is sent the note is marked, and any later attempt first looks for a page with the note's
 * Note ID and adopts it instead of creating another.
 *
 * A job whose integration is at its Notion rate limit does not start: it is deferred to the limiter's
 * next window and its worker slot goes to someone else's note (fair scheduling; see docs/scaling.md).
 */
@Injectable()
export class NoteSyncProcessor {
  private readonly logger = new Logger('NoteSync');

  constructor(
    private readonly config: AppConfig,
    private readonly notes: NotesRepository,
    private readonly jobs: NoteSyncJobsRepository,
    private readonly notion: NotionClientFactory,
    private readonly workspaces: NotionWorkspaceManager,
    private readonly writer: NotePageWriter,
    private readonly events: NoteSyncEvents,
    private readonly dataSource: DataSource,
    private readonly limiter: NotionRateLimiter,
  ) {}

  /**
   * Works one claimed job. Returns 0 when the attempt ran (whatever its outcome), or the ms for which
   * the job was deferred, untouched, because its integration had no Notion call left in this window.
   */
  async process(job: ClaimedJob): Promise<number> {
    if (job.integrationId) {
      // The limiter's store unreachable: attempt anyway, the gateway reports it like any other failure.
      const restMs = await this.limiter.msBeforeNext(job.integrationId).catch(() => 0);
      if (restMs > 0) {
        await this.jobs.defer(job, restMs);
        return restMs;
      }
    }
    await this.attempt(job);
    return 0;
  }

  private async attempt(job: ClaimedJob): Promise<void> {
    const note = await this.notes.findById(job.noteId);
    if (!note) {
      await this.jobs.complete(this.dataSource.manager, job);
      return;
    }
    try {
      if (!note.integrationId) throw new NotionNotConnectedError();
      const integrationId = note.integrationId;
      const handle = this.notion.forIntegration(integrationId);
      await this.notion.prefetchToken(integrationId);
      const firstPage = !note.notionPageId;
      await this.workspaces.withWorkspace(integrationId, (workspace) => this.reconcile(handle, workspace, note));
      await this.succeed(job, note, firstPage && note.notionPageId !== null);
    } catch (error) {
      await this.fail(job, note, error);
    } finally {
      this.events.settled(note.id);
    }
  }

  private async reconcile(handle: NotionHandle, workspace: NotionWorkspace, note: NoteEntity): Promise<void> {
    let adopted = false;
    if (!note.notionPageId && note.notionCreateStarted) {
      const found = await this.writer.findByNoteId(handle, workspace, note.id);
      if (found) {
        await this.storePage(note, found);
        adopted = true;
        this.logger.log({ noteId: note.id, pageId: found.id }, 'Adopted the page of an earlier create');
      }
    }
    if (!note.notionPageId) {
      if (note.trashedAt) return;
      if (!note.notionCreateStarted) {
        await this.dataSource.query(`UPDATE notes SET notion_create_started = true WHERE id = $1`, [note.id]);
        note.notionCreateStarted = true;
      }
      const related = await this.relatedPageIds(note);
      await this.writer.create(handle, workspace, note, related, (page) => this.storePage(note, page));
      return;
    }
    if (note.trashedAt) {
      await this.writer.trash(handle, note.notionPageId);
      return;
    }
    // An adopted page holds the first version's content, complete only if it fitted the create.
    const rewrite = adopted
      ? note.contentVersion !== 1 || this.writer.requestsFor(note) > 1
      : note.contentVersion !== note.syncedContentVersion;
    await this.writer.update(handle, workspace, note, await this.relatedPageIds(note), rewrite);
  }

  private async relatedPageIds(note: NoteEntity): Promise<string[]> {
    const targets = await this.notes.linkTargets(note.id);
    return targets
      .filter((t) => t.notionPageId && !t.trashedAt && t.integrationId === note.integrationId)
      .map((t) => t.notionPageId as string);
  }

  private async storePage(note: NoteEntity, page: NotionPageRef): Promise<void> {
    await this.dataSource.query(`UPDATE notes SET notion_page_id = $2, notion_url = $3 WHERE id = $1`, [note.id, page.id, page.url]);
    note.notionPageId = page.id;
    note.notionUrl = page.url;
  }

  private async succeed(job: ClaimedJob, note: NoteEntity, pageCreated: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notes SET synced_version = $2, synced_content_version = $3, sync_attempts = 0, last_sync_error = NULL, synced_at = now(),
           sync_status = CASE WHEN version = $2 THEN 'synced' ELSE 'pending' END
         WHERE id = $1`,
        [note.id, note.version, note.contentVersion],
      );
      await this.jobs.complete(manager, job);
      if (pageCreated) await this.notes.requeueLinkSources(manager, note.id);
    });
  }

  private async fail(job: ClaimedJob, note: NoteEntity, error: unknown): Promise<void> {
    const { kind, reason } = classifySyncFailure(error);
    const attempts = job.attempts + 1;
    const log = { noteId: note.id, integrationId: note.integrationId, attempt: attempts, kind, reason };
    if (kind === 'transient' && !reason.startsWith('NOTION_')) this.logger.error({ ...log, err: error }, 'Note sync failed');
    else this.logger.warn(log, 'Note sync failed');
    const { maxAttempts, retryBaseMs } = this.config.notes.sync;
    await this.dataSource.transaction(async (manager) => {
      if (kind === 'reauth') {
        await manager.query(`UPDATE notes SET sync_status = 'needs_reauth', last_sync_error = $2 WHERE id = $1`, [note.id, reason]);
        await this.jobs.park(manager, job, note.integrationId);
      } else if (kind === 'workspace') {
        await manager.query(`UPDATE notes SET sync_status = 'pending', last_sync_error = $2 WHERE id = $1`, [note.id, reason]);
        await this.jobs.park(manager, job, note.integrationId);
      } else if (kind === 'permanent' || attempts >= maxAttempts) {
        await manager.query(`UPDATE notes SET sync_status = 'failed', sync_attempts = $2, last_sync_error = $3 WHERE id = $1`, [note.id, attempts, reason]);
        await this.jobs.complete(manager, job);
      } else {
        await manager.query(`UPDATE notes SET sync_status = 'pending', sync_attempts = $2, last_sync_error = $3 WHERE id = $1`, [note.id, attempts, reason]);
        await this.jobs.retryLater(manager, job, retryDelayMs(attempts, retryBaseMs));
      }
    });
  }
}
