import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { PGliteExchangeQueue } from './pglite-exchange.queue';
import { lockDataDir } from './data-dir-lock';
import { privateSocketDir } from './private-socket-dir';

export interface EmbeddedPostgres {
  /** A postgres:// URL that any Postgres client (TypeORM's pg driver included) can use. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on a data folder and serves it over the Postgres wire
 * protocol, so the application reaches it through the same driver as a real server. PGlite checks no
 * user or password, so it listens on a Unix socket in a folder only this OS user can enter (see
 * privateSocketDir), never on a TCP port another local process could reach.
 * PGlite runs one session: the socket server's queue (replaced by PGliteExchangeQueue) serves one
 * connection's whole exchange or transaction at a time, so a request must use one connection (its
 * transaction's EntityManager) for everything it does inside a transaction.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  // PGlite is single-writer and has no lock of its own: two processes on one folder lose data. Taken
  // before anything is written, so a second instance leaves the folder as it found it.
  const lock = lockDataDir(dataDir);
  let db: { close(): Promise<void> } | undefined;
  let server: { start(): Promise<void>; stop(): Promise<void> };
  let socket: ReturnType<typeof privateSocketDir> | undefined;
  try {
    const folder = path.join(dataDir, 'pg');
    mkdirSync(folder, { recursive: true });
    // Required lazily: PGlite loads a large WebAssembly module that a service with DATABASE_URL never needs.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const pglite = await PGlite.create(folder);
    db = pglite;
    socket = privateSocketDir(dataDir);
    server = new PGLiteSocketServer({ db: pglite, path: socket.socketPath, maxConnections: 32 });
    // Connections are handed the server's queue when they attach, so this must happen before start().
    (server as unknown as { queryQueue: PGliteExchangeQueue }).queryQueue = new PGliteExchangeQueue(pglite);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => undefined);
    socket?.cleanup();
    lock.release();
    throw error;
  }
  const database = db;
  const socketDir = socket;
  let stopped = false;
  return {
    url: socketUrl(socketDir.dir),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop(); // closing the server removes the socket file
      await database.close();
      socketDir.cleanup();
      lock.release();
    },
  };
}

/** node-postgres reads a `host` parameter that starts with `/` as the folder of a Unix socket. */
function socketUrl(dir: string): string {
  const url = new URL('postgres://postgres@localhost/postgres');
  url.searchParams.set('host', dir);
  return url.toString();
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
