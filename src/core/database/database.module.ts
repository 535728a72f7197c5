import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { MigrationsRunner } from './migrations.runner';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.database.url) {
          throw new Error('The database URL must be resolved (embedded database started) before the app is created');
        }
        return {
          ...dataSourceOptions(config.database.url, config.database.poolSize, config.database),
          entities: [],
          autoLoadEntities: true,
          // Migrations run in MigrationsRunner, under an advisory lock.
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
  providers: [MigrationsRunner],
})
export class DatabaseModule {}
