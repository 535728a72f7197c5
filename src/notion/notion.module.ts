import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OAuthModule } from '../oauth/oauth.module';
import { ConnectionCheckService } from './connection/connection-check.service';
import { IntegrationStatusController } from './connection/integration-status.controller';
import { OAuthNotionConnections } from './oauth.notion-connections';
import { NotionMarkdownService } from './markdown/notion-markdown.service';
import { NotionClientFactory } from './notion-client.factory';
import { NotionConnections } from './notion-connections';
import { NotionGateway } from './notion.gateway';
import { NotionMetrics } from './notion.metrics';
import { NotionRateLimiter } from './notion-rate.limiter';
import { NotionWorkspaceEntity } from './workspace/notion-workspace.entity';
import { NotionWorkspaceManager } from './workspace/notion-workspace.manager';
import { NotionWorkspacesRepository } from './workspace/notion-workspaces.repository';
import { WorkspaceController } from './workspace/workspace.controller';

/**
 * Per-user Notion access: the gateway every Notion call goes through, the client factory, the
 * workspace manager, GET /workspace and "test connection" (GET /integrations/:id/status). Connections
 * and tokens come from the OAuth module; the API base URL from the NotionEndpoint the composition root
 * binds (real Notion, or the embedded sandbox: src/notion-endpoint.module.ts).
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotionWorkspaceEntity]), OAuthModule],
  controllers: [WorkspaceController, IntegrationStatusController],
  providers: [
    { provide: NotionConnections, useClass: OAuthNotionConnections },
    NotionRateLimiter,
    NotionMetrics,
    NotionGateway,
    NotionClientFactory,
    NotionWorkspacesRepository,
    NotionWorkspaceManager,
    NotionMarkdownService,
    ConnectionCheckService,
  ],
  exports: [NotionClientFactory, NotionGateway, NotionMetrics, NotionRateLimiter, NotionWorkspaceManager, NotionMarkdownService],
})
export class NotionModule {}
