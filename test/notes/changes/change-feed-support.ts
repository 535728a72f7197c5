import type { TestingModuleBuilder } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { NotionChangeSignal } from '../../../src/notes/changes/notion-change';
import { NotesRepository } from '../../../src/notes/notes.repository';
import { NoteSyncWorker } from '../../../src/notes/sync/note-sync.worker';
import { NotionWorkspaceManager } from '../../../src/notion/workspace/notion-workspace.manager';
import { NotePullScheduler } from '../../../src/notes/sync/note-pull.scheduler';
import type { TestApp } from '../../support/app';

/**
 * Keeps every signal the change feed hands the sink, then passes it on to the real NotePullScheduler
 * (nothing is replaced: the signals still mark notes and queue their jobs in the database).
 */
export class SignalRecorder {
  readonly signals: NotionChangeSignal[] = [];

  /** For `bootApp({ override })`: the app's NotePullScheduler (the sink) records, then does its work. */
  readonly override = (builder: TestingModuleBuilder): TestingModuleBuilder =>
    builder.overrideProvider(NotePullScheduler).useFactory({
      inject: [NotesRepository, NotionWorkspaceManager, NoteSyncWorker],
      factory: (notes: NotesRepository, workspaces: NotionWorkspaceManager, worker: NoteSyncWorker): NotePullScheduler => {
        const recorded = this.signals;
        return new (class extends NotePullScheduler {
          override async signal(signals: NotionChangeSignal[]): Promise<void> {
            recorded.push(...signals);
            await super.signal(signals);
          }
        })(notes, workspaces, worker);
      },
    });

  of(integrationId: string): NotionChangeSignal[] {
    return this.signals.filter((s) => s.integrationId === integrationId);
  }
}

/** Waits for `found` to return something truthy (checked every 50 ms), up to `timeoutMs`. */
export async function within<T>(timeoutMs: number, what: string, found: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await found();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface IntegrationRow {
  botId: string;
  workspaceId: string;
  ownerId: string | null;
}

export async function integrationRow(t: TestApp, integrationId: string): Promise<IntegrationRow> {
  const [row] = await t.app.get(DataSource).query(`SELECT bot_id, workspace_id, owner_id FROM oauth_integrations WHERE id = $1`, [integrationId]);
  return { botId: row.bot_id, workspaceId: row.workspace_id, ownerId: row.owner_id };
}

export async function notePull(t: TestApp, noteId: string): Promise<{ pullRequestedAt: Date | null; lastPulledAt: Date | null; pageId: string | null }> {
  const [row] = await t.app.get(DataSource).query(`SELECT pull_requested_at, last_pulled_at, notion_page_id FROM notes WHERE id = $1`, [noteId]);
  return { pullRequestedAt: row.pull_requested_at, lastPulledAt: row.last_pulled_at, pageId: row.notion_page_id };
}

/** A paragraph block as a person types it in Notion. */
export const paragraph = (content: string) => ({ paragraph: { rich_text: [{ type: 'text', text: { content } }] } });
