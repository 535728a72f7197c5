import type { ModuleMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotionConnections } from '../../../src/notion/notion-connections';
import { NotionMetrics } from '../../../src/notion/notion.metrics';
import { NotionWorkspaceManager } from '../../../src/notion/workspace/notion-workspace.manager';
import { OAuthTokenService } from '../../../src/oauth/tokens/oauth-token.service';
import type { LogCapture, TestApp } from '../../support/app';
import type { OAuthWorld } from '../../oauth/support/oauth-world';

export interface NotionTestApp extends TestApp {
  workspaces: NotionWorkspaceManager;
  metrics: NotionMetrics;
  db: DataSource;
  /** The app's real NotionConnections (the OAuth module's adapter). */
  connections: NotionConnections;
  /** The app's real token vault. */
  tokens: OAuthTokenService;
}

/**
 * The real AppModule pointed at the world's sandbox, nothing of ours replaced: users connect through the
 * OAuth connect flow and the Notion layer gets their tokens from the encrypted vault.
 */
export async function bootNotionApp(
  world: OAuthWorld,
  options: { env?: Record<string, string>; logs?: LogCapture; imports?: ModuleMetadata['imports'] } = {},
): Promise<NotionTestApp> {
  const t = await world.boot({ NOTION_RETRY_BASE_DELAY_MS: '10', ...options.env }, { imports: options.imports, logs: options.logs });
  return withNotion(t);
}

/** The Notion services of an app booted some other way (e.g. with the embedded sandbox). */
export function withNotion(t: TestApp): NotionTestApp {
  return {
    ...t,
    workspaces: t.app.get(NotionWorkspaceManager),
    metrics: t.app.get(NotionMetrics),
    db: t.app.get(DataSource),
    connections: t.app.get(NotionConnections),
    tokens: t.app.get(OAuthTokenService),
  };
}
