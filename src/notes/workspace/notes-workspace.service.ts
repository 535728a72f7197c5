import { Injectable, Logger } from '@nestjs/common';
import { NotionClientFactory } from '../../notion/notion-client.factory';
import { NotionWorkspaceManager, type NotionWorkspace } from '../../notion/workspace/notion-workspace.manager';
import { NotesRepository } from '../notes.repository';
import { NoteSyncWorker } from '../sync/note-sync.worker';

/**
 * The person's two choices when their "Personal Assistant" page or Table of Contents is in the Notion trash
 * or gone (GET /workspace shows which): restore it, and the notes parked meanwhile sync into the same Table
 * of Contents; or start a new workspace, and every note is written again into the new Table of Contents,
 * exactly once, through the outbox. Here rather than in the Notion module because starting anew moves notes.
 */
@Injectable()
export class NotesWorkspaceService {
  private readonly logger = new Logger('NotesWorkspace');

  constructor(
    private readonly notion: NotionClientFactory,
    private readonly workspaces: NotionWorkspaceManager,
    private readonly notes: NotesRepository,
    private readonly worker: NoteSyncWorker,
  ) {}

  async restore(userId: string, integrationId?: string): Promise<NotionWorkspace> {
    const id = (await this.notion.forUser(userId, integrationId)).integrationId;
    const workspace = await this.workspaces.restore(id);
    // Other instances' parked notes follow on their next sweep (NOTES_REAUTH_SWEEP_MS).
    await this.worker.resume(id);
    return workspace;
  }

  async startNew(userId: string, integrationId?: string): Promise<NotionWorkspace> {
    const id = (await this.notion.forUser(userId, integrationId)).integrationId;
    let rehomed: number | null = null;
    const workspace = await this.workspaces.startNew(id, async (tx, mayHoldPages) => {
      rehomed = await this.notes.rehomeAll(tx, id, mayHoldPages);
    });
    if (rehomed !== null) this.logger.log({ integrationId: id, rehomed, rootPageId: workspace.rootPageId }, 'Started a new Notion workspace; notes re-homed');
    this.worker.kick();
    return workspace;
  }
}
