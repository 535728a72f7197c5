import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { PGliteExchangeQueue } from './pglite-exchange.queue';
import { lockDataDir } from './data-dir-lock';

export interface EmbeddedPostgres {
  /** A postgres:// URL that any Postgres client (TypeORM's pg driver included) can use. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on a data folder and serves it over the Postgres wire
 * protocol on a loopback port, so the application reaches it through the same driver as a real server.
 * PGlite runs one session: the socket server's queue (replaced by PGliteExchangeQueue) serves one
 * connection's whole exchange or transaction at a time, so a request must use one connection (its
 * transaction's EntityManager) for everything it does inside a transaction.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  // PGlite is single-writer and has no lock of its own: two processes on one folder lose data. Taken
  // before anything is written, so a second instance leaves the folder as it found it.
  const lock = lockDataDir(dataDir);
  let db: { close(): Promise<void> } | undefined;
  let server: { start(): Promise<void>; stop(): Promise<void>; getServerConn(): string };
  try {
    const folder = path.join(dataDir, 'pg');
    mkdirSync(folder, { recursive: true });
    // Required lazily: PGlite loads a large WebAssembly module that a service with DATABASE_URL never needs.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const pglite = await PGlite.create(folder);
    db = pglite;
    server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port, maxConnections: 32 });
    // Connections are handed the server's queue when they attach, so this must happen before start().
    (server as unknown as { queryQueue: PGliteExchangeQueue }).queryQueue = new PGliteExchangeQueue(pglite);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  const database = db;
  const [host, actualPort] = server.getServerConn().split(':');
  let stopped = false;
  return {
    url: `postgres://postgres@${host}:${actualPort}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await database.close();
      lock.release();
    },
  };
}

/** PGlite answers one query at a time: a few connections are enough and keep the socket server's queue short. */
const EMBEDDED_POOL_SIZE = 4;

export interface ResolvedDatabase {
  /** The config with `database.url` set. */
  config: AppConfig;
  /** Stops the embedded database, if one was started; call after the last connection is closed. */
  stop(): Promise<void>;
}

/**
 * Points the config at a database: as given when DATABASE_URL is set, otherwise at the embedded
 * PostgreSQL in DATA_DIR, started here. The service, the benchmarks and the migration CLI all start it so.
 */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (!config.usesEmbeddedDatabase) return { config, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return {
    config: config.with({
      database: { url: embedded.url, poolSize: Math.min(config.database.poolSize, EMBEDDED_POOL_SIZE) },
    }),
    stop: () => embedded.stop(),
  };
}
