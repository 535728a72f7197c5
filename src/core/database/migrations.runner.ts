import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';

/** Runs pending migrations at boot (DATABASE_MIGRATIONS_RUN), before the application serves requests. */
@Injectable()
export class MigrationsRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrationsRun || !this.config.database.url) return;
    // A connection of its own, without the per-query timeout that guards requests: a migration (or the
    // wait for another instance's migration lock) may rightly take longer than any request's query.
    const dataSource = new DataSource({
      ...dataSourceOptions(this.config.database.url, 1, { connectTimeoutMs: this.config.database.connectTimeoutMs }),
      entities: [],
    });
    await dataSource.initialize();
    try {
      const applied = await runMigrations(dataSource);
      if (applied.length > 0) this.logger.log({ migrations: applied.map((m) => m.name) }, 'Applied migrations');
    } finally {
      await dataSource.destroy();
    }
  }
}
