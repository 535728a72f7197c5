import { Injectable, Logger } from '@nestjs/common';
import { isFullPage, type PageObjectResponse } from '@notionhq/client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { NotionNotConnectedError, NotionObjectNotFoundError } from '../../notion/notion.errors';
import { NOTE_TYPES } from '../../notion/workspace/workspace-layout';
import { OAuthIntegrationService } from '../../oauth/integrations/oauth-integration.service';
import { normaliseTag } from '../enhancer/note-fields';
import { NotionClientFactory } from '../../notion/notion-client.factory';
import { NotionRateLimiter } from '../../notion/notion-rate.limiter';
import type { NotionHandle } from '../../notion/notion.handle';
import { NotionWorkspaceManager, type NotionWorkspace } from '../../notion/workspace/notion-workspace.manager';
import { NotionMarkdownService } from '../../notion/markdown/notion-markdown.service';
import type { NoteEntity, NotionBlockRef, SyncedBase } from '../note.entity';
import { NotesRepository, UNKNOWN_PAGE_CONTENT, type SyncOutcome } from '../notes.repository';
import { mergeNote, stateHash, type NoteState, type ReplacedValue } from './note-merge';
import { changedFields, fieldsOf, ourState, sameList, SUMMARY_MAX, TITLE_MAX } from './note-state';
import { NotePageWriter, RELATED_MAX, type NotionPageRef } from './note-page.writer';
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
    private readonly integrations: OAuthIntegrationService,
    private readonly markdown: NotionMarkdownService,
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

  /**
   * The first attempt of a note just written on this instance (`note` as inserted, its job born leased to
   * this worker; at the integration's Notion limit, it waits in the gateway for the next window). Nothing can link to
   * the note yet (its id is known only to the writer), so the attempt does not look for link targets; a link
   * added meanwhile re-queues the job, which then runs again. Returns the note as recorded when its page
   * was created, else null.
   */
  processFresh(job: ClaimedJob, note: NoteEntity, workspace: Promise<NotionWorkspace | null>): Promise<NoteEntity | null> {
    return this.attempt(job, { note, workspace });
  }

  /**
   * The integration's stored workspace, read now: a fresh note's slot starts this read alongside the note's
   * insert, so that the attempt does not wait for it afterwards. Never rejects (null: the attempt reads again).
   */
  lookAhead(integrationId: string): Promise<NotionWorkspace | null> {
    return this.workspaces.stored(integrationId).catch(() => null);
  }

  private async attempt(job: ClaimedJob, fresh?: { note: NoteEntity; workspace: Promise<NotionWorkspace | null> }): Promise<NoteEntity | null> {
    const note = fresh?.note ?? (await this.notes.findById(job.noteId));
    if (!note) {
      await this.jobs.complete(this.dataSource.manager, job);
      return null;
    }
    try {
      if (!note.integrationId) throw new NotionNotConnectedError();
      const integrationId = note.integrationId;
      const handle = this.notion.forIntegration(integrationId);
      await this.notion.prefetchToken(integrationId);
      const firstPage = !note.notionPageId;
      const outcome = await this.workspaces.withWorkspace(
        integrationId,
        (workspace) => this.reconcile(handle, workspace, note, fresh !== undefined),
        fresh?.workspace,
      );
      return await this.succeed(job, note, firstPage && note.notionPageId !== null, outcome);
    } catch (error) {
      await this.fail(job, note, error);
      return null;
    } finally {
      this.events.settled(note.id);
    }
  }

  private async reconcile(handle: NotionHandle, workspace: NotionWorkspace, note: NoteEntity, fresh: boolean): Promise<SyncOutcome> {
    // A fresh note's first attempt is the first that may have sent its create: nothing to look for yet.
    if (!note.notionPageId && note.notionCreateStarted && !fresh) {
      const found = await this.writer.findByNoteId(handle, workspace, note.id);
      if (found) {
        await this.storePage(note, found);
        this.logger.log({ noteId: note.id, pageId: found.id }, 'Adopted the page of an earlier create');
        // What the adopted page holds is not known for certain: the two-way pass below reads it.
        Object.assign(note, UNKNOWN_PAGE_CONTENT);
      }
    }
    if (!note.notionPageId) {
      if (note.trashedAt) return {};
      if (!note.notionCreateStarted) {
        await this.notes.markCreateStarted(note.id);
        note.notionCreateStarted = true;
      }
      const related = fresh ? [] : await this.relatedPageIds(note);
      const page = await this.writer.create(handle, workspace, note, related, (made) => this.storePage(note, made));
      note.notionPageId = page.id;
      note.notionUrl = page.url;
      const state = ourState(note);
      return { written: { base: { ...state, related }, blocks: null, editedAt: null, pulled: false }, created: page };
    }
    if (note.notionMissing) return {};
    return this.twoWay(handle, workspace, note);
  }

  /**
   * Brings the note and its page together: looks at the page (one call), reads its content unless the
   * page proves it unchanged since the product last knew it, merges three ways when Notion changed, then
   * writes to Notion only what differs from what it holds.
   */
  private async twoWay(handle: NotionHandle, workspace: NotionWorkspace, note: NoteEntity): Promise<SyncOutcome> {
    const pageId = note.notionPageId as string;
    const needWrite = note.version !== note.syncedVersion;
    let page: PageObjectResponse;
    try {
      const found = await handle.retrievePage({ page_id: pageId });
      if (!isFullPage(found)) throw new NotionObjectNotFoundError();
      page = found;
    } catch (error) {
      if (!(error instanceof NotionObjectNotFoundError)) throw error;
      this.logger.warn({ noteId: note.id, pageId }, 'The note\'s page is gone from Notion; the note stays here');
      return { missing: true };
    }
    const props = this.writer.readProperties(page, workspace);
    if (isImport(note) && (await this.notes.dropImportOf(note, props.noteId))) return { dropped: true };
    const ours = ourState(note);
    const botId = note.integrationId ? await this.integrations.botIdOf(note.integrationId) : null;
    // The page proves itself unchanged since the product last knew it only when nobody asked for a pull (a
    // webhook or poll about a person's edit always reads: such an edit may have landed between an earlier
    // read and write, hidden under the product's own last_edited_by), its last edit is the product's own, and
    // that edit is not later than the product's knowledge.
    const unchanged =
      note.pullRequestedAt === null &&
      note.syncedBase !== null &&
      note.notionHash !== null &&
      note.notionBlocks !== null &&
      note.notionConfirmedAt !== null &&
      page.last_edited_by.id === botId &&
      Date.parse(page.last_edited_time) <= note.notionConfirmedAt.getTime();
    let content: { markdown: string; blocks: NotionBlockRef[] | null };
    let pulled = false;
    if (unchanged) content = { markdown: (note.syncedBase as SyncedBase).content, blocks: note.notionBlocks };
    else if (props.trashed) content = { markdown: note.syncedBase?.content ?? ours.content, blocks: note.notionBlocks };
    else {
      content = await this.markdown.readContent(handle, pageId);
      pulled = true;
    }
    const theirs: NoteState = { title: props.title, type: props.type, tags: props.tags, summary: props.summary, trashed: props.trashed, content: content.markdown };
    // No base yet (a note from before two-way sync, an adopted page, a row added in Notion): the side with
    // news wins: the product's pending change, or else what Notion holds.
    const base: NoteState = note.syncedBase ?? (needWrite ? theirs : ours);
    const theirsChanged = note.notionHash === null || stateHash(theirs) !== note.notionHash;
    // Notion's time is the minute: it proves the person's change later only from the next minute on; within
    // the product change's minute, the product's (made right before this attempt, most likely) wins.
    const theirsNewer = Date.parse(page.last_edited_time) > note.updatedAt.getTime();
    const result = theirsChanged ? mergeNote(base, ours, theirs, theirsNewer) : { merged: ours, conflict: false, replaced: [] };
    const merged = this.acceptable(result.merged, ours, result.replaced);
    if (theirsChanged) this.logger.log({ noteId: note.id, pageId, conflict: result.conflict }, 'Pulled a change made in Notion');

    const related = await this.relatedPageIds(note);
    let editedAt: string | null = page.last_edited_time;
    let blocks = content.blocks;
    if (merged.trashed) {
      if (!theirs.trashed) await this.writer.trash(handle, pageId);
    } else {
      const propertiesDiffer =
        theirs.trashed ||
        // What the product shortened or could not take (an unknown type) stays as the person wrote it there.
        merged.title !== theirs.title.slice(0, TITLE_MAX) ||
        (merged.type !== theirs.type && (theirs.type === '' || (NOTE_TYPES as readonly string[]).includes(theirs.type))) ||
        merged.summary !== theirs.summary.slice(0, SUMMARY_MAX) ||
        !sameList(merged.tags, theirs.tags) ||
        props.noteId !== note.id ||
        !sameList(related.slice(0, RELATED_MAX), note.syncedBase?.related ?? (needWrite ? [] : related.slice(0, RELATED_MAX)));
      if (propertiesDiffer) {
        const written = await this.writer.writeProperties(handle, workspace, pageId, { id: note.id, ...fieldsOf(merged) }, related, theirs.trashed);
        editedAt = written?.last_edited_time ?? editedAt;
      }
      if (merged.content !== theirs.content) {
        blocks = await this.markdown.writeContent(handle, pageId, this.writer.nodesOf(merged.content), blocks);
        editedAt = null;
      }
    }
    return {
      written: { base: { ...merged, related: related.slice(0, RELATED_MAX) }, blocks, editedAt, pulled: pulled || theirsChanged, url: page.url },
      fields: theirsChanged ? changedFields(ours, merged) : undefined,
      conflict: result.conflict ? { detectedAt: new Date().toISOString(), base: base.content, ours: ours.content, theirs: theirs.content } : undefined,
      replaced: result.replaced,
    };
  }

  /** What the product can hold: a note type it knows, a title and summary within their lengths. */
  private acceptable(merged: NoteState, ours: NoteState, replaced: ReplacedValue[]): NoteState {
    const result = { ...merged, tags: [...new Set(merged.tags.map(normaliseTag).filter(Boolean))] };
    if (!(NOTE_TYPES as readonly string[]).includes(result.type)) {
      if (result.type) replaced.push({ field: 'type', value: result.type, source: 'notion', reason: `not a note type (${NOTE_TYPES.join(', ')}); the note keeps ${ours.type}` });
      result.type = ours.type;
    }
    if (result.title.length > TITLE_MAX) {
      replaced.push({ field: 'title', value: result.title, source: 'notion', reason: `longer than ${TITLE_MAX} characters; shortened here` });
      result.title = result.title.slice(0, TITLE_MAX);
    }
    if (result.summary.length > SUMMARY_MAX) {
      replaced.push({ field: 'summary', value: result.summary, source: 'notion', reason: `longer than ${SUMMARY_MAX} characters; shortened here` });
      result.summary = result.summary.slice(0, SUMMARY_MAX);
    }
    return result;
  }

  private async relatedPageIds(note: NoteEntity): Promise<string[]> {
    const targets = await this.notes.linkTargets(note.id);
    return targets
      .filter((t) => t.notionPageId && !t.trashedAt && t.integrationId === note.integrationId)
      .map((t) => t.notionPageId as string);
  }

  private async storePage(note: NoteEntity, page: NotionPageRef): Promise<void> {
    await this.notes.storePage(note.id, page);
    note.notionPageId = page.id;
    note.notionUrl = page.url;
  }

  /** Records the attempt with the job's fate; the note as recorded when the attempt created its page. */
  private async succeed(job: ClaimedJob, note: NoteEntity, pageCreated: boolean, outcome: SyncOutcome): Promise<NoteEntity | null> {
    if (outcome.created && outcome.written) return this.notes.recordCreated(note, outcome.created, outcome.written.base, job);
    await this.dataSource.transaction(async (manager) => {
      await this.notes.recordSynced(manager, note, outcome);
      await this.jobs.complete(manager, job);
      if (pageCreated) await this.notes.requeueLinkSources(manager, note.id);
    });
    return null;
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
        await this.notes.markNeedsReauth(manager, note.id, reason);
        await this.jobs.park(manager, job, note.integrationId);
      } else if (kind === 'workspace') {
        await this.notes.markWaitingForWorkspace(manager, note.id, reason);
        await this.jobs.park(manager, job, note.integrationId);
      } else if (kind === 'permanent' || attempts >= maxAttempts) {
        await this.notes.markFailed(manager, note.id, attempts, reason);
        await this.jobs.complete(manager, job);
      } else {
        await this.notes.markRetrying(manager, note.id, attempts, reason);
        await this.jobs.retryLater(manager, job, retryDelayMs(attempts, retryBaseMs));
      }
    });
  }
}

/** A row the person added in Notion, not yet pulled (see NotesRepository.insertImported). */
function isImport(note: NoteEntity): boolean {
  return note.lastPulledAt === null && note.originalContent === '' && note.syncedBase === null;
}
