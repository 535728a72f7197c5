import { Injectable, Logger } from '@nestjs/common';
import { NotionWorkspaceManager } from '../../notion/workspace/notion-workspace.manager';
import { IntegrationDirectory } from '../../oauth/integrations/integration-directory.service';
import { NotionChangeSink, type NotionChangeSignal } from '../changes/notion-change';
import { NotesRepository } from '../notes.repository';
import { NoteSyncWorker } from './note-sync.worker';

/**
 * Turns change signals into work for the sync outbox, with no Notion call: a page that is one of the
 * integration's notes gets its pull requested (the job fetches the page, decides by content whether
 * anything changed, and merges); a new row of the integration's Table of Contents becomes a note of its
 * owner (imported by the same job). Signals name an integration, and only that integration's notes and
 * Table of Contents are looked at: one workspace's events never touch another's data.
 */
@Injectable()
export class NotePullScheduler extends NotionChangeSink {
  private readonly logger = new Logger('NotePull');

  constructor(
    private readonly notes: NotesRepository,
    private readonly workspaces: NotionWorkspaceManager,
    private readonly worker: NoteSyncWorker,
    private readonly integrations: IntegrationDirectory,
  ) {
    super();
  }

  async signal(signals: NotionChangeSignal[]): Promise<void> {
    // The root page or the Table of Contents trashed, restored, moved or gone: the workspace is checked (it
    // records the state /workspace and /app show; parked notes resume once it is active again).
    const checked = new Set<string>();
    for (const signal of signals) {
      const telling = /\.(deleted|undeleted|moved)$/.test(signal.kind) || (signal.kind === 'poll' && signal.entity.type !== 'page');
      const key = `${signal.integrationId}:${signal.entity.id}`;
      if (!telling || checked.has(key)) continue;
      checked.add(key);
      await this.workspaces.checkIfWorkspaceObject(signal.integrationId, signal.entity.id).catch((error: unknown) =>
        this.logger.warn({ integrationId: signal.integrationId, err: error }, 'Could not check the workspace'),
      );
    }
    const byIntegration = new Map<string, NotionChangeSignal[]>();
    for (const signal of signals) {
      if (signal.entity.type !== 'page') continue;
      byIntegration.set(signal.integrationId, [...(byIntegration.get(signal.integrationId) ?? []), signal]);
    }
    let queued = 0;
    for (const [integrationId, pageSignals] of byIntegration) {
      const pageIds = [...new Set(pageSignals.map((s) => s.entity.id))];
      const known = await this.notes.requestPull(integrationId, pageIds);
      queued += known.size;
      const workspace = await this.workspaces.stored(integrationId);
      if (!workspace) continue;
      const newRows = pageIds.filter((id) => !known.has(id) && pageSignals.some((s) => s.entity.id === id && s.parentDataSourceId === workspace.dataSourceId));
      const userId = newRows.length > 0 ? await this.integrations.userOf(integrationId) : null;
      if (!userId) continue;
      for (const pageId of newRows) {
        if (await this.notes.insertImported({ id: integrationId, userId }, pageId)) {
          queued += 1;
          this.logger.log({ integrationId, pageId }, 'A row added in Notion becomes a note');
        }
      }
    }
    if (queued > 0) this.worker.kick();
  }
}
