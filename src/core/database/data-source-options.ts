import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { DeadlinePgClient } from './deadline-pg-client';
import { migrations } from './migrations';

export interface DatabaseTimeouts {
  connectTimeoutMs: number;
  /** Unset: no limit (the migration CLI and migrations at boot, which may rightly run long). */
  queryTimeoutMs?: number;
}

/**
 * The TypeORM options shared by the application, the migration CLI and the test harness, so that all
 * three run exactly the same migrations against exactly the same kind of connection. Never `synchronize`.
 */
export function dataSourceOptions(
  url: string,
  poolSize: number,
  timeouts: DatabaseTimeouts = { connectTimeoutMs: 5000 },
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    // connectionTimeoutMillis bounds both opening a connection (the whole handshake) and waiting for a free
    // one; query_timeout bounds each query, and DeadlinePgClient drops the connection a query timed out on.
    extra: {
      max: poolSize,
      connectionTimeoutMillis: timeouts.connectTimeoutMs,
      ...(timeouts.queryTimeoutMs ? { query_timeout: timeouts.queryTimeoutMs, Client: DeadlinePgClient } : {}),
    },
  };
}
