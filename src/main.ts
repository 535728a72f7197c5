import 'reflect-metadata';
import { createApp } from './app.factory';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ConfigValidationError, loadConfig, type AppConfig } from './core/config/app-config';
import { DataDirLockedError } from './core/database/data-dir-lock';
import { resolveDatabase, type ResolvedDatabase } from './core/database/embedded-postgres';
import { EmbeddedNotionEndpoint } from './embedded/embedded-notion.endpoint';

/**
 * The one line printed at boot: where it listens, where the docs, the page and the embedded Notion sandbox
 * are, which embedded defaults are on. `.ci/run` greps its beginning: keep "Listening on …; API docs at …/docs".
 */
function bootLine(config: AppConfig, port: number, sandboxUrl: string | undefined): string {
  const embedded = [
    ...(config.usesEmbeddedDatabase ? [`PostgreSQL (PGlite in ${path.join(config.dataDir, 'pg')})`] : []),
    ...(config.usesMemoryStores ? ['sessions in the database, in-memory cache and rate limits (one instance only)'] : []),
  ];
  return (
    `Listening on http://${config.http.host}:${port}; API docs at ${config.http.publicUrl}/docs; ` +
    `open ${config.http.publicUrl}/app in a browser; ` +
    `Notion: ${sandboxUrl ? `embedded sandbox at ${sandboxUrl}` : config.notion.apiBaseUrl}; ` +
    `embedded defaults: ${embedded.length > 0 ? embedded.join(', ') : 'none'}`
  );
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    // The one place that reads the process environment.
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`Refusing to start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`Refusing to start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const requested = config;
  config = database.config;

  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  // The embedded sandbox has started by now (onApplicationBootstrap); this only reads its address.
  const sandboxUrl = config.usesEmbeddedNotion ? (await app.get(EmbeddedNotionEndpoint).settings()).authorizeBaseUrl : undefined;
  process.stderr.write(`${bootLine(requested, port, sandboxUrl)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      process.stderr.write(`Shutdown did not finish within ${config.http.shutdownTimeoutMs} ms; exiting\n`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    force.unref();
    try {
      // Stops accepting, lets in-flight requests finish, then closes the database pool, Redis and the cache.
      await app.close();
      await database.stop();
      process.stderr.write(`Stopped on ${signal}\n`);
      process.exit(0);
    } catch (error) {
      process.stderr.write(`Shutdown failed: ${(error as Error).message}\n`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void bootstrap().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
