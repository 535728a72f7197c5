import { DataSource } from 'typeorm';
import type { NotionChangeSignal } from '../../../src/notes/changes/notion-change';
import { NotePullScheduler } from '../../../src/notes/sync/note-pull.scheduler';
import type { TestApp } from '../../support/app';

/**
 * Passes every signal the change feed hands the sink on to the app's real NotePullScheduler (nothing is
 * replaced: the signals still mark notes and queue their jobs in the database), then keeps it: a test that
 * sees a signal sees what it did.
 */
export class SignalRecorder {
  readonly signals: NotionChangeSignal[] = [];

  /** Records what `t`'s sink receives from now on (the feed's workers hold this very instance). */
  attach(t: TestApp): void {
    const sink = t.app.get(NotePullScheduler);
    const signal = sink.signal.bind(sink);
    sink.signal = async (signals: NotionChangeSignal[]) => {
      try {
        await signal(signals);
      } finally {
        this.signals.push(...signals);
      }
    };
  }

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
