import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/**
 * The TypeORM options shared by the application, the migration CLI and the test harness, so that all
 * three run exactly the same migrations against exactly the same kind of connection. Never `synchronize`.
 */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}
