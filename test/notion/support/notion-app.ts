import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { NEST_APPLICATION_OPTIONS, configureApp } from '../../../src/app.factory';
import { AppModule } from '../../../src/app.module';
import { NotionConnections } from '../../../src/notion/notion-connections';
import { NotionMetrics } from '../../../src/notion/notion.metrics';
import { NotionWorkspaceManager } from '../../../src/notion/workspace/notion-workspace.manager';
import type { LogCapture, TestApp } from '../../support/app';
import { testConfig } from '../../support/test-config';
import type { NotionWorld } from './notion-world';

export interface NotionTestApp extends TestApp {
  workspaces: NotionWorkspaceManager;
  metrics: NotionMetrics;
  db: DataSource;
}

/** The real AppModule pointed at the world's sandbox, with the test adapter as NotionConnections. */
export async function bootNotionApp(
  world: NotionWorld,
  options: { env?: Record<string, string>; logs?: LogCapture; imports?: ModuleMetadata['imports'] } = {},
): Promise<NotionTestApp> {
  const config = testConfig({ ...world.clientEnv, NOTION_RETRY_BASE_DELAY_MS: '10', ...options.env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { logDestination: options.logs }), ...(options.imports ?? [])] })
    .overrideProvider(NotionConnections)
    .useValue(world.connections)
    .compile();
  const app = moduleRef.createNestApplication(NEST_APPLICATION_OPTIONS);
  configureApp(app, config);
  await app.init();
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
    workspaces: app.get(NotionWorkspaceManager),
    metrics: app.get(NotionMetrics),
    db: app.get(DataSource),
  };
}
