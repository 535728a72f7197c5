import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.database.url) {
          throw new Error('The database URL must be resolved (embedded database started) before the app is created');
        }
        return {
          ...dataSourceOptions(config.database.url, config.database.poolSize),
          entities: [],
          autoLoadEntities: true,
          migrationsRun: config.database.migrationsRun,
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
