import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotionModule } from '../notion/notion.module';
import { OAuthModule } from '../oauth/oauth.module';
import { NotesEnhancerModule } from './enhancer/enhancer.module';
import { NoteLinkEntity } from './note-link.entity';
import { NoteEntity } from './note.entity';
import { NotesController } from './notes.controller';
import { NotesInsightsService } from './notes-insights.service';
import { NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';
import { ChangeFeedRepository } from './changes/change-feed.repository';
import { NotionChangeSink } from './changes/notion-change';
import { NotionPoller } from './changes/notion-poller';
import { NotionWebhookController } from './changes/notion-webhook.controller';
import { NotionWebhookService } from './changes/notion-webhook.service';
import { NotionWebhookWorker } from './changes/notion-webhook.worker';
import { WebhookEventRouter } from './changes/webhook-event.router';
import { WebhookInboxRepository } from './changes/webhook-inbox.repository';
import { WebhookVerificationTokenStore } from './changes/webhook-verification-token.store';
import { NotePageWriter } from './sync/note-page.writer';
import { NotePullScheduler } from './sync/note-pull.scheduler';
import { NoteSyncEvents } from './sync/note-sync.events';
import { NoteSyncJobsRepository } from './sync/note-sync-jobs.repository';
import { NoteSyncListener } from './sync/note-sync.listener';
import { NoteSyncProcessor } from './sync/note-sync.processor';
import { NoteSyncWorker } from './sync/note-sync.worker';
import { CreateEnhancedNoteTool } from './tools/create-enhanced-note.tool';
import { EnhanceExistingNoteTool } from './tools/enhance-existing-note.tool';
import { GetNoteIntelligenceTool } from './tools/get-note-intelligence.tool';
import { SmartSearchNotesTool } from './tools/smart-search-notes.tool';
import { NotesWorkspaceController } from './workspace/notes-workspace.controller';
import { NotesWorkspaceService } from './workspace/notes-workspace.service';

/** The notes API, its agent tools, and the outbox worker that syncs notes to each user's Notion exactly once. */
@Module({
  imports: [TypeOrmModule.forFeature([NoteEntity, NoteLinkEntity]), NotionModule, OAuthModule, NotesEnhancerModule],
  controllers: [NotesController, NotesWorkspaceController, NotionWebhookController],
  providers: [
    NotesRepository,
    NotesService,
    NotesInsightsService,
    NoteSyncJobsRepository,
    NoteSyncEvents,
    NotePageWriter,
    NoteSyncProcessor,
    NoteSyncWorker,
    NoteSyncListener,
    NotePullScheduler,
    { provide: NotionChangeSink, useExisting: NotePullScheduler },
    // The change feed (src/notes/changes): webhooks, or polling when they are off.
    ChangeFeedRepository,
    WebhookInboxRepository,
    WebhookVerificationTokenStore,
    WebhookEventRouter,
    NotionWebhookWorker,
    NotionWebhookService,
    NotionPoller,
    CreateEnhancedNoteTool,
    SmartSearchNotesTool,
    EnhanceExistingNoteTool,
    GetNoteIntelligenceTool,
    NotesWorkspaceService,
  ],
  exports: [NotesService, NoteSyncWorker],
})
export class NotesModule {}
