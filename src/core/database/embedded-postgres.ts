import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

export interface EmbeddedPostgres {
  /** A postgres:// URL that any Postgres client (TypeORM's pg driver included) can use. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on a data folder and serves it over the Postgres wire
 * protocol on a loopback port, so the application reaches it through the same driver as a real server.
 * PGlite runs one session: the socket server queues whole transactions, so a request must use one
 * connection (its transaction's EntityManager) for everything it does inside a transaction.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  const folder = path.join(dataDir, 'pg');
  mkdirSync(folder, { recursive: true });
  // Required lazily: PGlite loads a large WebAssembly module that a service with DATABASE_URL never needs.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(folder);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 32 });
  await server.start();
  const [host, actualPort] = server.getServerConn().split(':');
  let stopped = false;
  return {
    url: `postgres://postgres@${host}:${actualPort}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
