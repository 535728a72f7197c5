import { NoteNotFoundError } from './notes.errors';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { IntegrationDirectory } from '../oauth/integrations/integration-directory.service';
import type { OAuthIntegrationEntity } from '../oauth/integrations/oauth-integration.entity';
import { OAuthIntegrationService } from '../oauth/integrations/oauth-integration.service';
import { assertMarkdownReadable } from '../notion/markdown/markdown-parser';
import { NotionReauthRequiredError } from '../oauth/oauth.errors';
import type { EnhanceMode, Enhancement } from './enhancer/enhancement';
import { LlmEnhancer } from './enhancer/llm-enhancer';
import { normaliseTag } from './enhancer/note-fields';
import { OfflineEnhancer } from './enhancer/offline.enhancer';
import type { CreateNoteDto, UpdateNoteDto } from './dto/create-note.dto';
import type { ListNotesQueryDto } from './dto/list-notes.dto';
import { NoteEntity } from './note.entity';
import { NoteCursorInvalidError, NoteInTrashError, NoteLinkInvalidError } from './notes.errors';
import { NotesRepository, withoutPage, type NoteRevision, type PageAfter } from './notes.repository';
import { NoteSyncEvents } from './sync/note-sync.events';
import { NoteSyncWorker } from './sync/note-sync.worker';

export interface NoteView {
  note: NoteEntity;
  links: string[];
}

/**
 * The notes use cases. Every method takes the caller's id and starts by loading the note as theirs (a
 * foreign id is a 404, like a missing one). Changes Notion must see are saved together with their sync
 * job; the worker does the Notion calls.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly config: AppConfig,
    private readonly notes: NotesRepository,
    private readonly integrations: OAuthIntegrationService,
    private readonly directory: IntegrationDirectory,
    private readonly enhancer: LlmEnhancer,
    private readonly offline: OfflineEnhancer,
    private readonly events: NoteSyncEvents,
    private readonly worker: NoteSyncWorker,
  ) {}

  /** Saves the note with its sync job, then waits up to NOTES_SYNC_WAIT_MS for the sync; `synced` tells which. */
  async create(userId: string, input: CreateNoteDto): Promise<NoteView & { synced: boolean }> {
    assertMarkdownReadable(input.content);
    const integration = await this.integrationFor(userId, input.integrationId);
    const integrationId = integration.id;
    const fields = { content: input.content, title: input.title?.trim(), type: input.type, tags: input.tags };
    const enhancement = input.enhance === false ? await this.offline.enhance({ ...fields, mode: 'summary' }) : await this.enhancer.enhance({ ...fields, mode: 'all' });
    const note = Object.assign(new NoteEntity(), {
      id: randomUUID(),
      userId,
      integrationId,
      originalContent: input.content,
      createdAt: new Date(),
      trashedAt: null,
      syncStatus: 'pending' as const,
      syncAttempts: 0,
      notionCreateStarted: false,
      version: 1,
      syncedVersion: 0,
      contentVersion: 1,
      syncedContentVersion: 0,
      ...this.enhancedFields(enhancement, 'all'),
      ...(input.enhance === false ? { enhancer: 'none' as const, content: input.content } : {}),
    });
    // Nobody can have linked the note yet: its id is only known from this answer.
    const fresh = this.directory.workableHere(integration) ? this.worker.reserveFresh(integrationId) : null;
    if (!fresh) {
      await this.notes.insertAndEnqueue(note);
      const waited = await this.waitForSync(note.id);
      const saved = await this.notes.findOwned(userId, note.id);
      return { note: saved, links: [], synced: waited && saved.syncStatus === 'synced' };
    }
    // The fast path: the first attempt runs on this instance at once, on a job born leased to its worker.
    // Marked as started from the insert on: whatever becomes of this attempt, a retry first looks for the page.
    note.notionCreateStarted = true;
    let job;
    try {
      job = await this.notes.insertAndEnqueue(note, fresh.lease);
    } catch (error) {
      fresh.cancel();
      throw error;
    }
    const attempt = fresh.run(job, note);
    const waitMs = this.config.notes.syncWaitMs;
    const recorded = waitMs > 0 ? await Promise.race([attempt, delay(waitMs)]) : null;
    const saved = recorded ?? (await this.notes.findOwned(userId, note.id));
    return { note: saved, links: [], synced: waitMs > 0 && saved.syncStatus === 'synced' };
  }

  async list(userId: string, query: ListNotesQueryDto): Promise<{ items: NoteView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, Boolean(query.q)) : null;
    const rows = await this.notes.list(userId, query, after, limit + 1);
    const page = rows.slice(0, limit);
    const links = await this.notes.linkTargetIds(page.map((n) => n.id));
    let nextCursor: string | null = null;
    if (rows.length > limit) {
      const last = page[page.length - 1];
      const position: PageAfter = query.q
        ? { offset: (after && 'offset' in after ? after.offset : 0) + limit }
        : { createdAt: last.createdAt.toISOString(), id: last.id };
      nextCursor = Buffer.from(JSON.stringify(position)).toString('base64url');
    }
    return { items: page.map((note) => ({ note, links: links.get(note.id) ?? [] })), nextCursor };
  }

  /** The Notion page of the user's note `id`; null when `id` is no note of theirs, or the note has no page yet. */
  async notionPageIdOf(userId: string, id: string): Promise<string | null> {
    try {
      return (await this.notes.findOwned(userId, id)).notionPageId ?? null;
    } catch (error) {
      if (error instanceof NoteNotFoundError) return null;
      throw error;
    }
  }

  async get(userId: string, id: string): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    return this.view(note);
  }

  async update(userId: string, id: string, input: UpdateNoteDto): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    if (note.trashedAt) throw new NoteInTrashError();
    if (input.content !== undefined) assertMarkdownReadable(input.content);
    const changes: Partial<NoteEntity> = {};
    if (input.title !== undefined) changes.title = input.title.trim();
    if (input.type !== undefined) changes.type = input.type;
    if (input.tags !== undefined) changes.tags = uniqueTags(input.tags);
    let content = input.content;
    if (input.resolveConflict && note.conflict && content === undefined) {
      content = input.resolveConflict === 'ours' ? note.conflict.ours : input.resolveConflict === 'theirs' ? note.conflict.theirs : note.content;
    }
    // The person decided: sending content (or choosing a side) resolves a conflict.
    if (note.conflict && (content !== undefined || input.resolveConflict)) changes.conflict = null;
    const contentChanged = content !== undefined && content !== note.content;
    if (contentChanged) changes.content = content;
    return this.saveChange(note, changes, contentChanged);
  }

  /** To the trash here and in Notion. */
  async remove(userId: string, id: string): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    if (note.trashedAt) return this.view(note);
    return this.saveChange(note, { trashedAt: new Date() });
  }

  async restore(userId: string, id: string): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    if (!note.trashedAt) return this.view(note);
    return this.saveChange(note, { trashedAt: null });
  }

  /** Queues the note's sync again (after `failed`, or to push it once more), with a fresh attempt budget. */
  async retrySync(userId: string, id: string): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    // A page gone from Notion for good is written again, as a new page.
    const again = note.notionMissing ? withoutPage(false) : {};
    await this.notes.changeAndEnqueue(note, { syncAttempts: 0, lastSyncError: null, ...again }, { newVersion: note.notionMissing });
    await this.waitForSync(note.id);
    return this.get(userId, id);
  }

  async enhance(userId: string, id: string, mode: EnhanceMode): Promise<NoteView> {
    const note = await this.notes.findOwned(userId, id);
    if (note.trashedAt) throw new NoteInTrashError();
    const enhancement = await this.enhancer.enhance({ content: note.content, mode });
    const fields = this.enhancedFields(enhancement, mode);
    return this.saveChange(note, fields, fields.content !== undefined && fields.content !== note.content);
  }

  async addLink(userId: string, id: string, targetId: string): Promise<NoteView> {
    const source = await this.notes.findOwned(userId, id);
    const target = await this.notes.findOwned(userId, targetId);
    if (source.id === target.id) throw new NoteLinkInvalidError();
    if (await this.notes.addLink(source, target.id)) this.worker.kick();
    return this.get(userId, id);
  }

  async removeLink(userId: string, id: string, targetId: string): Promise<NoteView> {
    const source = await this.notes.findOwned(userId, id);
    const target = await this.notes.findOwned(userId, targetId);
    if (await this.notes.removeLink(source, target.id)) this.worker.kick();
    return this.get(userId, id);
  }

  /** The values merges with Notion replaced, newest first. */
  async history(userId: string, id: string): Promise<NoteRevision[]> {
    const note = await this.notes.findOwned(userId, id);
    return this.notes.revisions(note.id);
  }

  async backlinks(userId: string, id: string): Promise<NoteEntity[]> {
    const note = await this.notes.findOwned(userId, id);
    return this.notes.backlinks(note.id);
  }

  private async saveChange(note: NoteEntity, changes: Partial<NoteEntity>, contentChanged = false): Promise<NoteView> {
    await this.notes.changeAndEnqueue(note, changes, { contentChanged });
    this.worker.kick();
    return this.get(note.userId, note.id);
  }

  private async view(note: NoteEntity): Promise<NoteView> {
    const links = await this.notes.linkTargetIds([note.id]);
    return { note, links: links.get(note.id) ?? [] };
  }

  /** Which fields an enhancement of `mode` replaces. */
  private enhancedFields(e: Enhancement, mode: EnhanceMode): Partial<NoteEntity> {
    const meta = { enhancer: e.enhancer, enhancerFallback: e.fallbackReason ?? null, confidence: e.confidence };
    switch (mode) {
      case 'structure':
        return { ...meta, content: e.content, keyTopics: e.keyTopics, actionItems: e.actionItems };
      case 'tags':
        return { ...meta, tags: e.tags, keyTopics: e.keyTopics };
      case 'summary':
        return { ...meta, summary: e.summary, actionItems: e.actionItems };
      default:
        return { ...meta, title: e.title, content: e.content, type: e.type, tags: e.tags, summary: e.summary, keyTopics: e.keyTopics, actionItems: e.actionItems };
    }
  }

  /** Kicks the worker and waits up to NOTES_SYNC_WAIT_MS for the note's attempt to end; false when it did not wait. */
  private async waitForSync(noteId: string): Promise<boolean> {
    const waitMs = this.config.notes.syncWaitMs;
    if (!this.worker.running) return false;
    // The job is due now: the worker claims it at once, whether or not this request waits for it.
    if (waitMs === 0) {
      this.worker.kick();
      return false;
    }
    // Another instance's worker may sync it first: then only the row tells.
    const settled = this.events.waitFor(noteId, waitMs, async () => (await this.notes.findById(noteId))?.syncStatus !== 'pending');
    this.worker.kick();
    await settled;
    return true;
  }

  /**
   * The integration a new note goes to. One that needs reauthorisation still takes notes (they wait,
   * parked, and sync after the reconnect); with no connection at all → NOTION_NOT_CONNECTED.
   */
  private async integrationFor(userId: string, integrationId?: string): Promise<OAuthIntegrationEntity> {
    try {
      return await this.integrations.resolveActive(userId, integrationId);
    } catch (error) {
      if (!(error instanceof NotionReauthRequiredError)) throw error;
      const rows = (await this.integrations.list(userId)).filter((r) => r.provider === 'notion');
      const chosen = rows.find((r) => r.isDefault) ?? rows[0];
      if (!chosen) throw error;
      return chosen;
    }
  }
}

/** Resolves with null after `ms` (a timer that does not keep the process alive). */
function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}

function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags.map(normaliseTag).filter(Boolean))];
}

function decodeCursor(cursor: string, ranked: boolean): PageAfter {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (ranked && Number.isInteger(value.offset) && (value.offset as number) >= 0) return { offset: value.offset as number };
    if (!ranked && typeof value.createdAt === 'string' && !Number.isNaN(Date.parse(value.createdAt)) && typeof value.id === 'string' && /^[0-9a-f-]{36}$/i.test(value.id)) {
      return { createdAt: value.createdAt, id: value.id };
    }
  } catch {
    // falls through
  }
  throw new NoteCursorInvalidError();
}
