import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotConnectedNotionConnections } from './not-connected.notion-connections';
import { NotionMarkdownService } from './markdown/notion-markdown.service';
import { NotionClientFactory } from './notion-client.factory';
import { NotionConnections } from './notion-connections';
import { NotionGateway } from './notion.gateway';
import { NotionMetrics } from './notion.metrics';
import { NotionRateLimiter } from './notion-rate.limiter';
import { requestNotionProvider, RequestNotion } from './request-notion';
import { NotionWorkspaceEntity } from './workspace/notion-workspace.entity';
import { NotionWorkspaceManager } from './workspace/notion-workspace.manager';
import { NotionWorkspacesRepository } from './workspace/notion-workspaces.repository';
import { WorkspaceController } from './workspace/workspace.controller';

/**
 * Per-user Notion access: the gateway every Notion call goes through, the client factory, the
 * workspace manager and GET /workspace. NotionConnections is bound to "nobody connected" until the
 * OAuth module provides the real adapter.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotionWorkspaceEntity])],
  controllers: [WorkspaceController],
  providers: [
    { provide: NotionConnections, useClass: NotConnectedNotionConnections },
    NotionRateLimiter,
    NotionMetrics,
    NotionGateway,
    NotionClientFactory,
    requestNotionProvider,
    NotionWorkspacesRepository,
    NotionWorkspaceManager,
    NotionMarkdownService,
  ],
  exports: [NotionClientFactory, NotionGateway, NotionMetrics, NotionWorkspaceManager, NotionMarkdownService, RequestNotion],
})
export class NotionModule {}
