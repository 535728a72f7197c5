import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigValidationError, loadConfig, type AppConfig } from './core/config/app-config';
import { resolveDatabase } from './core/database/embedded-postgres';

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

  if (config.usesEmbeddedDatabase) {
    process.stderr.write(`DATABASE_URL is not set: starting the embedded PostgreSQL in ${config.dataDir}\n`);
  }
  const database = await resolveDatabase(config);
  config = database.config;

  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);

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
