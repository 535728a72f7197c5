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
import { NotionChangeSink } from './changes/notion-change';
import { NotePageWriter } from './sync/note-page.writer';
import { NotePullScheduler } from './sync/note-pull.scheduler';
import { NotePageContent } from './sync/page-content';
import { NoteSyncEvents } from './sync/note-sync.events';
import { NoteSyncJobsRepository } from './sync/note-sync-jobs.repository';
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
  controllers: [NotesController, NotesWorkspaceController],
  providers: [
    NotesRepository,
    NotesService,
    NotesInsightsService,
    NoteSyncJobsRepository,
    NoteSyncEvents,
    NotePageWriter,
    NoteSyncProcessor,
    NoteSyncWorker,
    NotePullScheduler,
    NotePageContent,
    { provide: NotionChangeSink, useExisting: NotePullScheduler },
    CreateEnhancedNoteTool,
    SmartSearchNotesTool,
    EnhanceExistingNoteTool,
    GetNoteIntelligenceTool,
    NotesWorkspaceService,
  ],
  exports: [NotesService, NoteSyncWorker],
})
export class NotesModule {}
