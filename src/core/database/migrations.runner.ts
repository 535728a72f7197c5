import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { runMigrations } from './run-migrations';

/** Runs pending migrations at boot (DATABASE_MIGRATIONS_RUN), before the application serves requests. */
@Injectable()
export class MigrationsRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrationsRun) return;
    const applied = await runMigrations(this.dataSource);
    if (applied.length > 0) this.logger.log({ migrations: applied.map((m) => m.name) }, 'Applied migrations');
  }
}
